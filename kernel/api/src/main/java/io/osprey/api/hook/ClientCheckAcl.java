package io.osprey.api.hook;

import java.util.concurrent.CompletionStage;

import io.osprey.api.ClientInfo;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * {@code client.check_acl}: may this client publish to, or subscribe to, this topic (filter)?
 * <p>
 * Asked for every PUBLISH and every filter of a SUBSCRIBE, unless the client is a superuser. Results are cached per
 * client ({@code enable_acl_cache}, {@code acl_cache_ttl}), so a hook is not asked twice for the same topic within
 * the TTL. The first hook that answers ALLOW or DENY decides; when all ignore, {@code acl_nomatch} decides.
 * Runs on the client's I/O thread; may complete asynchronously.
 */
@ConsumerType
public interface ClientCheckAcl {

    /**
     * @param topic the topic name for {@link AclAction#PUBLISH}, the topic filter (without a {@code $share/g/}
     *              prefix) for {@link AclAction#SUBSCRIBE}
     */
    CompletionStage<AclResult> checkAcl(ClientInfo client, AclAction action, String topic);
}
