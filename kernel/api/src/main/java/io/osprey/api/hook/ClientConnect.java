package io.osprey.api.hook;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * {@code client.connect}: a well-formed CONNECT arrived, before authentication. Use it to refuse a connection early
 * (quota, maintenance) — the first hook that rejects wins and the client gets the CONNACK code of its reason.
 * <p>
 * Runs on the client's I/O thread; may complete asynchronously (the client's reads are suspended meanwhile).
 */
@ConsumerType
public interface ClientConnect {

    /**
     * @return {@link ConnectResult#proceed()} to let the next hook decide, or a rejection
     */
    CompletionStage<ConnectResult> onConnect(ConnectRequest request);
}
