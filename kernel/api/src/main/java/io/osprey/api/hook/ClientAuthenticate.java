package io.osprey.api.hook;

import java.util.concurrent.CompletionStage;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * {@code client.authenticate}: decide whether a client's credentials are good. Runs after {@link ClientConnect}.
 * <p>
 * The chain stops at the first hook that returns {@link AuthResult#allow()}, {@link AuthResult#allowSuperuser()} or a
 * denial. When every hook ignores the client, {@code allow_anonymous} in {@code etc/osprey.broker.cfg} decides.
 * Runs on the client's I/O thread; may complete asynchronously (reads are suspended meanwhile, and
 * {@code hook.client.authenticate.on_timeout} decides if it takes longer than {@code hook.timeout}). A hook that
 * throws or fails refuses the client (CONNACK 0x88 Server unavailable; 3.1.1: 0x03), unless
 * {@code hook.client.authenticate.on_error} (or {@code hook.on_error.<plugin>}) says {@code ignore}.
 */
@ConsumerType
public interface ClientAuthenticate {

    CompletionStage<AuthResult> authenticate(ConnectRequest request);
}
