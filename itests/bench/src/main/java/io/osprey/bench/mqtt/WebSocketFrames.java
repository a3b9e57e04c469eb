package io.osprey.bench.mqtt;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.MessageToMessageCodec;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.ContinuationWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;

/**
 * MQTT over WebSocket carries the MQTT byte stream in binary frames (MQTT 5 §6), and packets may span frames: so
 * outbound bytes become one binary frame per write, and inbound frame contents are handed on as plain bytes for the
 * {@link FrameDecoder} to reassemble.
 */
final class WebSocketFrames extends MessageToMessageCodec<WebSocketFrame, ByteBuf> {

    @Override
    protected void encode(ChannelHandlerContext ctx, ByteBuf msg, List<Object> out) {
        out.add(new BinaryWebSocketFrame(msg.retain()));
    }

    @Override
    protected void decode(ChannelHandlerContext ctx, WebSocketFrame frame, List<Object> out) {
        if (frame instanceof BinaryWebSocketFrame || frame instanceof ContinuationWebSocketFrame) {
            out.add(frame.content().retain());
        } else {
            ctx.fireExceptionCaught(new IllegalStateException("the broker sent a non-binary WebSocket frame: "
                    + frame.getClass().getSimpleName()));
        }
    }
}
