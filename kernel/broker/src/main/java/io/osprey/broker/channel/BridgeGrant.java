package io.osprey.broker.channel;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Whether a client is treated as a bridge. Any client can set the bridge bit in CONNECT's protocol level (0x80, as
 * Mosquitto's MQTT 3.1.1 bridges send), so the bit alone grants nothing: it counts on a listener that accepts bridges
 * ({@code bridges = on}, for a listener only bridges can reach). An authenticator can also accept a client as a
 * bridge ({@code AuthResult.allowBridge()}), with or without the bit (MQTT 5 bridges have none). A bridge's own
 * messages are not sent back to it, it receives retained flags as published, and it may relay {@code $SYS} topics
 * where the ACL allows it.
 */
final class BridgeGrant {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeGrant.class);

    private BridgeGrant() {
    }

    /** Called after authentication, which may already have granted it ({@code c.bridge}). */
    static void decide(MqttConnection c) {
        if (!c.bridgeRequested || c.bridge) {
            return;
        }
        if (c.listener.settings().bridges()) {
            c.bridge = true;
            return;
        }
        LOG.info("Client {} from {}:{} set the bridge bit; listener {} does not accept bridges (bridges = off) and "
                + "no authenticator accepted it as one: treated as a plain client", c.clientId, c.peerHost,
                c.peerPort, c.listener.name());
    }
}
