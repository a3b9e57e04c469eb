package io.osprey.broker.listener;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import io.osprey.broker.channel.MqttConnection;
import io.osprey.broker.channel.ShutdownReason;

/**
 * MQTT over WebSocket: the bytes of binary (and continuation) frames go to the MQTT decoder as a stream, since an MQTT
 * packet may span frames and a frame may hold several packets; each buffer written becomes one binary frame (the
 * connection writes one buffer per flush). Text frames are not MQTT [MQTT-6.0.0-1] and close the connection.
 */
@ChannelHandler.Sharable
final class WebSocketFrames extends ChannelDuplexHandler {

    static final WebSocketFrames INSTANCE = new WebSocketFrames();

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof BinaryWebSocketFrame || msg instanceof ContinuationWebSocketFrame) {
            ctx.fireChannelRead(((WebSocketFrame) msg).content());
        } else if (msg instanceof WebSocketFrame frame) {
            frame.release();
            MqttConnection c = ctx.pipeline().get(MqttConnection.class);
            if (c != null) {
                c.close(ShutdownReason.PROTOCOL_ERROR, 0x81, "a text WebSocket frame");
            }
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof ByteBuf b) {
            ctx.write(new BinaryWebSocketFrame(b), promise);
        } else {
            ctx.write(msg, promise);
        }
    }
}
