package io.osprey.bridge.core;

import java.time.Duration;
import java.util.List;

import io.osprey.bridge.core.buffer.BufferSettings;
import io.osprey.bridge.core.event.PayloadEncoding;
import io.osprey.bridge.core.rule.Rule;
import io.osprey.bridge.core.send.ProduceMode;

/**
 * What the core needs of a bridge's configuration snapshot; each bridge's settings record implements it and adds
 * its connection settings.
 *
 * @param <R> the bridge's record type
 * @param <S> the settings type itself
 */
public interface BridgeConfig<R, S extends BridgeConfig<R, S>> {

    /** {@code produce = sync | async}. */
    ProduceMode mode();

    /** How long a publisher waits for the remote side in {@code sync} mode before its publish fails. */
    Duration syncTimeout();

    /** How payloads are written into event JSON ({@code encode_payload_type}). */
    PayloadEncoding payloadEncoding();

    BufferSettings buffer();

    List<? extends Rule<R>> rules();

    /** Where the bridge connects, for logs and status. */
    List<String> servers();

    /** Does going from this snapshot to {@code next} need a new connection? */
    boolean needsReconnect(S next);
}
