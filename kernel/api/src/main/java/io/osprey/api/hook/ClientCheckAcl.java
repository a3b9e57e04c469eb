package io.osprey.api.hook;

import java.util.concurrent.CompletionStage;

import io.osprey.api.ClientInfo;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * {@code client.check_acl}: may this client publish to, or subscribe to, this topic (filter)?
 * <p>
 * Asked for every PUBLISH and every filter of a SUBSCRIBE, unless the client is a superuser. Results are cached per
 * client ({@code enable_acl_cache}, {@code acl_cache_ttl}), so a hook is not asked twice for the same topic within
 * the TTL. The first hook that answers ALLOW or DENY decides; when all ignore, {@code acl_nomatch} decides, except
 * for a PUBLISH to a topic starting with {@code $}, which needs an ALLOW (and for {@code $SYS/} a bridge).
 * Also asked for a client's will topic, at CONNECT and again when the will is published.
 * <p>
 * Runs on the client's I/O thread; may complete asynchronously. A hook that throws or fails denies, unless
 * {@code hook.client.check_acl.on_error} (or {@code hook.on_error.<plugin>}) says {@code ignore}.
 */
@ConsumerType
public interface ClientCheckAcl {

    /**
     * @param topic the topic name for {@link AclAction#PUBLISH}; for {@link AclAction#SUBSCRIBE} the topic filter as
     *              the client sent it, so that rules can name the group of a shared subscription
     *              ({@code $share/<group>/<filter>} or {@code $queue/<filter>}; {@link io.osprey.api.Topic#shareGroup}
     *              and {@link io.osprey.api.Topic#withoutShare} take it apart, and {@link io.osprey.api.AclTopic}
     *              matches rules the way the shipped ACL plugins do)
     */
    CompletionStage<AclResult> checkAcl(ClientInfo client, AclAction action, String topic);
}
