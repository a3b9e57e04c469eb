/**
 * Hook points: one interface per point, named after EMQX's hooks ({@code client.connected} is {@link
 * io.osprey.api.hook.ClientConnected}, and so on).
 * <p>
 * <b>Registering.</b> A plugin registers an implementation as an OSGi service under the interface (for example with
 * Declarative Services {@code @Component(service = ClientConnected.class)}). The hook is live while the service is
 * registered; when the plugin stops, its hooks disappear with its services.
 * <p>
 * <b>Order.</b> Hooks of one point run in descending {@code service.ranking}; ties run in registration order (lowest
 * service id first). The official plugins use: {@code license} 1000 (checks quota first), authenticators 0 (default),
 * {@code acl-file} and {@code auth-file} −1 (last, like EMQX's file-based modules), {@code webhook} −1000 (observes
 * what the others decided).
 * <p>
 * <b>Threads.</b> Hooks run on the I/O thread of the client concerned and must never block it. Work that waits for
 * I/O belongs on the plugin's own executor; the hooks that may wait ({@link ClientConnect}, {@link ClientAuthenticate},
 * {@link ClientCheckAcl}, {@link MessagePublish}) return a {@link java.util.concurrent.CompletionStage}; the broker
 * stops reading from that client until it completes, and applies the configured timeout and outcome
 * ({@code hook.timeout} and {@code hook.<point>.on_timeout} in {@code etc/osprey.broker.cfg}).
 * <p>
 * <b>Failures.</b> A hook that throws, or whose stage completes exceptionally, is logged and counted against its
 * plugin. At {@link ClientAuthenticate} and {@link ClientCheckAcl} it <em>denies</em> (fail closed; configurable per
 * point and per plugin with {@code hook.<point>.on_error} and {@code hook.on_error.<plugin>}); at every other point
 * it is treated as "no opinion" and the chain continues. A hook can never break the chain or the connection.
 * <p>
 * 2.0: {@link ClientCheckAcl} sees the filter of a SUBSCRIBE with its {@code $share/<group>/} or {@code $queue/}
 * prefix (1.x stripped it), failing authentication and ACL hooks deny, and {@link AuthResult#allowBridge()} exists.
 */
@Export
@Version("2.0.0")
package io.osprey.api.hook;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
