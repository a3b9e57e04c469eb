package io.osprey.bench.jmh;

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
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.osprey.api.MessageProperties;
import io.osprey.bench.mqtt.Packets;
import io.osprey.broker.codec.MqttFrameDecoder;
import io.osprey.broker.codec.PacketWriter;
import io.osprey.broker.codec.PublishPacket;

/**
 * Inbound PUBLISH: the broker's listener decodes every packet with its {@link MqttFrameDecoder} (what this measures,
 * through an {@link EmbeddedChannel}: the decoder plus the pipeline hop), for MQTT 3.1.1 and 5, from a pooled direct
 * buffer as a socket read gives it.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
public class PublishDecodeBenchmark {

    static final String TOPIC = "fleet/region-7/device-004711/telemetry";

    @Param({"4", "5"})
    int protocol;

    @Param({"64", "1024"})
    int payloadSize;

    private EmbeddedChannel channel;
    private ByteBuf frame;

    @Setup(Level.Trial)
    public void setUp() {
        channel = new EmbeddedChannel(new MqttFrameDecoder(1024 * 1024, 65535));
        // the decoder learns the protocol version from CONNECT, as on a real connection
        ByteBuf connect = Unpooled.buffer();
        Packets.connect(connect, protocol, "bench-client", true, 60, null, null, 0);
        channel.writeInbound(connect);
        io.netty.util.ReferenceCountUtil.release(channel.readInbound());
        frame = PooledByteBufAllocator.DEFAULT.directBuffer();
        boolean v5 = protocol == 5;
        PacketWriter.writePublishHeader(frame, TOPIC, TOPIC.length(), 1, false, false, 42, v5,
                MessageProperties.NONE, -1, 0, 0, 0, payloadSize);
        frame.writeZero(payloadSize);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        frame.release();
        channel.finishAndReleaseAll();
    }

    @Benchmark
    public int decode() {
        channel.writeInbound(frame.retainedDuplicate());
        PublishPacket m = channel.readInbound();
        return m.payload().length + m.packetId();
    }
}
