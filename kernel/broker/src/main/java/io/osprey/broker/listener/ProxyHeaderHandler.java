package io.osprey.broker.listener;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.haproxy.HAProxyCommand;
import io.netty.handler.codec.haproxy.HAProxyMessage;
import io.osprey.broker.channel.MqttConnection;
import io.osprey.broker.channel.ShutdownReason;

/**
 * {@code proxy_protocol = on}: takes the real client address from the HAProxy PROXY header (v1 or v2, decoded by
 * Netty's {@code HAProxyMessageDecoder} before it), hands it to the connection (logs, hooks, ACL {@code ipaddr},
 * {@code $SYS} presence), applies the listener's access rules to it, and leaves the pipeline. A connection that sends
 * no header within {@code proxy_protocol_timeout} is closed.
 */
final class ProxyHeaderHandler extends ChannelInboundHandlerAdapter {

    private final long timeoutMillis;
    private final AccessRules access;
    private final ListenerStats stats;
    private ScheduledFuture<?> timeout;

    ProxyHeaderHandler(long timeoutMillis, AccessRules access, ListenerStats stats) {
        this.timeoutMillis = timeoutMillis;
        this.access = access;
        this.stats = stats;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        timeout = ctx.executor().schedule(() -> {
            MqttConnection c = ctx.pipeline().get(MqttConnection.class);
            if (c != null) {
                c.close(ShutdownReason.PROTOCOL_ERROR, 0, "no PROXY protocol header within " + timeoutMillis + " ms");
            } else {
                ctx.close();
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        ctx.fireChannelActive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof HAProxyMessage header)) {
            ctx.fireChannelRead(msg);
            return;
        }
        try {
            timeout.cancel(false);
            MqttConnection c = ctx.pipeline().get(MqttConnection.class);
            if (header.command() == HAProxyCommand.PROXY && header.sourceAddress() != null && c != null) {
                c.setPeer(header.sourceAddress(), header.sourcePort());
                if (!access.isEmpty() && !allowed(header.sourceAddress())) {
                    c.close(ShutdownReason.ACCESS_DENIED, 0, "address " + header.sourceAddress()
                            + " denied by the listener's access rules");
                    return;
                }
            }
            ctx.pipeline().remove(this);
        } finally {
            header.release();
        }
    }

    private boolean allowed(String host) {
        try {
            return access.allows(InetAddress.getByName(host));
        } catch (UnknownHostException e) {
            return false;
        }
    }
}
