package io.osprey.bench.jmh;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.mqtt.MqttDecoder;
import io.netty.handler.codec.mqtt.MqttEncoder;
import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttPublishMessage;
import io.netty.handler.codec.mqtt.MqttPublishVariableHeader;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.util.ReferenceCountUtil;
import io.osprey.api.MessageProperties;
import io.osprey.bench.mqtt.Packets;
import io.osprey.broker.codec.PacketWriter;

/**
 * Outbound PUBLISH, the per-delivery cost of fan-out: the broker's hand-written {@code PacketWriter} (header into a
 * reused buffer, then the payload) against Netty's {@code MqttEncoder} (a message object and a new buffer per
 * packet), for MQTT 3.1.1 and 5.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
public class PublishEncodeBenchmark {

    @Param({"4", "5"})
    int protocol;

    @Param({"64", "1024"})
    int payloadSize;

    private byte[] payload;
    private int topicBytes;
    private ByteBuf out;
    private EmbeddedChannel encoder;

    @Setup(Level.Trial)
    public void setUp() {
        payload = new byte[payloadSize];
        topicBytes = PublishDecodeBenchmark.TOPIC.getBytes(StandardCharsets.UTF_8).length;
        out = Unpooled.directBuffer(64 * 1024);
        // MqttEncoder reads the protocol version the decoder stored when it saw CONNECT
        encoder = new EmbeddedChannel(new MqttDecoder(1024 * 1024), MqttEncoder.INSTANCE);
        ByteBuf connect = Unpooled.buffer();
        Packets.connect(connect, protocol, "bench-client", true, 60, null, null, 0);
        encoder.writeInbound(connect);
        ReferenceCountUtil.release(encoder.readInbound());
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        out.release();
        encoder.finishAndReleaseAll();
    }

    @Benchmark
    public int encodePacketWriter() {
        out.clear();
        PacketWriter.writePublishHeader(out, PublishDecodeBenchmark.TOPIC, topicBytes, 1, false, false, 42,
                protocol == 5, MessageProperties.NONE, -1, 0, 0, 0, payload.length);
        out.writeBytes(payload);
        return out.writerIndex();
    }

    @Benchmark
    public int encodeNettyEncoder() {
        MqttPublishMessage m = new MqttPublishMessage(
                new MqttFixedHeader(MqttMessageType.PUBLISH, false, MqttQoS.AT_LEAST_ONCE, false, 0),
                new MqttPublishVariableHeader(PublishDecodeBenchmark.TOPIC, 42,
                        MqttProperties.NO_PROPERTIES),
                Unpooled.wrappedBuffer(payload));
        encoder.writeOutbound(m);
        ByteBuf b = encoder.readOutbound();
        int n = b.readableBytes();
        b.release();
        return n;
    }
}
