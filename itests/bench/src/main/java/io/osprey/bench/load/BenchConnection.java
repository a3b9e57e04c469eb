package io.osprey.bench.load;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.codec.http.websocketx.WebSocketClientProtocolHandler.ClientHandshakeStateEvent;
import io.osprey.bench.cli.BenchOptions;
import io.osprey.bench.mqtt.FrameDecoder;
import io.osprey.bench.mqtt.Packets;
import io.osprey.bench.report.Counters;

/**
 * One MQTT client connection of the generator: CONNECT, SUBSCRIBE for a subscriber, keep alive, and the hand-off of
 * packets to its {@link Publisher} or {@link Receiver}. Everything runs on the connection's I/O thread; the run's
 * controller talks to it only through {@link #ready()}, {@link #startPublishing()} and {@link #close()}.
 * <p>
 * Outgoing packets of one read batch (acknowledgements, new publishes) go into one buffer that is written and
 * flushed once, when the batch is done: one syscall for many packets.
 */
public final class BenchConnection extends FrameDecoder {

    private static final long SETUP_TIMEOUT_SECONDS = 15;
    private static final int SUBSCRIBE_ID = 1;

    private final RunContext run;
    private final ClientSpec spec;
    private final BenchOptions options;
    private final CompletableFuture<BenchConnection> ready = new CompletableFuture<>();
    private final CompletableFuture<Void> closed = new CompletableFuture<>();
    private final long createdAt = System.nanoTime();

    private ChannelHandlerContext ctx;
    private long[] counters;
    private ByteBuf out;
    private Publisher publisher;
    private Receiver receiver;
    private ScheduledFuture<?> setupTimeout;
    private ScheduledFuture<?> keepAlive;
    private int receiveMaximum = 65535;
    private boolean live;
    private boolean closing;
    private long readNanos;

    public BenchConnection(RunContext run, ClientSpec spec) {
        super(run.options().v5(), 256 * 1024 * 1024);
        this.run = run;
        this.spec = spec;
        this.options = run.options();
    }

    public ClientSpec spec() {
        return spec;
    }

    /** Completes when the connection can be used (CONNACK, and SUBACK for a subscriber), or fails with the reason. */
    public CompletableFuture<BenchConnection> ready() {
        return ready;
    }

    /** Completes when the channel has closed (or never opened). */
    public CompletableFuture<Void> closed() {
        return closed;
    }

    // ---- controller side (any thread) ----------------------------------------------------------------------

    public void startPublishing() {
        if (publisher != null) {
            ctx.executor().execute(publisher::start);
        }
    }

    public void stopPublishing() {
        if (publisher != null) {
            ctx.executor().execute(publisher::stop);
        }
    }

    /** Sends DISCONNECT and closes; {@link #closed()} completes when done. */
    public CompletableFuture<Void> close() {
        if (ctx == null) {
            closed.complete(null);
            return closed;
        }
        ctx.executor().execute(() -> {
            closing = true;
            if (publisher != null) {
                publisher.stop();
            }
            if (ctx.channel().isActive() && live) {
                Packets.disconnect(out());
                flush();
            }
            ctx.close();
        });
        return closed;
    }

    /** The TCP connect itself failed: the pipeline never became active. */
    public void connectFailed(Throwable cause) {
        if (setupTimeout != null) {
            setupTimeout.cancel(false);
        }
        fail("connect: " + reason(cause));
        closed.complete(null);
    }

    // ---- Netty side (the connection's I/O thread) ----------------------------------------------------------

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        this.counters = run.counters().shard();
        ctx.channel().closeFuture().addListener(f -> closed.complete(null));
        setupTimeout = ctx.executor().schedule(() -> {
            if (fail("no CONNACK/SUBACK within " + SETUP_TIMEOUT_SECONDS + " s")) {
                ctx.close();
            }
        }, SETUP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        if (!run.transport().webSocket()) {
            sendConnect();
        }
        super.channelActive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == ClientHandshakeStateEvent.HANDSHAKE_COMPLETE) {
            sendConnect();
        } else if (evt == ClientHandshakeStateEvent.HANDSHAKE_TIMEOUT) {
            fail("WebSocket handshake timed out");
        }
        super.userEventTriggered(ctx, evt);
    }

    private void sendConnect() {
        Packets.connect(out(), options.mqttVersion(), spec.clientId(), options.cleanStart(), options.keepAlive(),
                options.username(), options.password(), options.cleanStart() ? 0 : 300);
        flush();
    }

    @Override
    protected void beforeFrames() {
        readNanos = System.nanoTime();
    }

    @Override
    protected void onConnack(int reasonCode, int receiveMaximum) {
        if (reasonCode != 0) {
            fail("CONNACK refused: 0x" + Integer.toHexString(reasonCode));
            ctx.close();
            return;
        }
        run.connectTimes().recordValue(Math.max(0, readNanos - createdAt));
        run.counters().live.incrementAndGet();
        live = true;
        this.receiveMaximum = receiveMaximum;
        if (spec.role() == Role.SUBSCRIBER) {
            Packets.subscribe(out(), options.mqttVersion(), SUBSCRIBE_ID, spec.subscription(), options.subQos());
        } else {
            becomeReady();
        }
    }

    @Override
    protected void onSuback(int packetId, int returnCode) {
        if (returnCode >= 0x80) {
            fail("SUBACK refused " + spec.subscription() + ": 0x" + Integer.toHexString(returnCode));
            ctx.close();
            return;
        }
        becomeReady();
    }

    private void becomeReady() {
        setupTimeout.cancel(false);
        if (spec.role() == Role.PUBLISHER) {
            publisher = new Publisher(this, spec.log(), options, run.runId(),
                    Math.min(options.inflight(), receiveMaximum), run.window(), run.flowControl());
        } else if (spec.role() == Role.SUBSCRIBER) {
            receiver = new Receiver(this, spec.scope(), run.latency(), run.flowControl(), run.publishers());
        }
        if (options.keepAlive() > 0) {
            long period = Math.max(1, options.keepAlive() * 500L);
            keepAlive = ctx.executor().scheduleAtFixedRate(() -> {
                Packets.pingreq(out());
                flush();
            }, period, period, TimeUnit.MILLISECONDS);
        }
        ready.complete(this);
    }

    @Override
    protected void onPublish(ByteBuf buf, int qos, boolean dup, int packetId, int payloadIndex, int length) {
        if (receiver == null) {
            Counters.inc(counters, Counters.Kind.ERRORS);
            run.errors().record("PUBLISH received by a " + spec.role().tag() + " client");
            return;
        }
        receiver.onPublish(buf, qos, packetId, payloadIndex, length, readNanos);
    }

    @Override
    protected void onAck(int type, int packetId, int reasonCode) {
        if (type == Packets.PUBREL && receiver != null) {
            receiver.onPubrel(packetId);
        } else if (type != Packets.PUBREL && publisher != null) {
            publisher.onAck(type, packetId, reasonCode);
        } else {
            error("unexpected acknowledgement type " + type);
        }
    }

    @Override
    protected void onPingresp() {
        // keep alive answered: nothing to do
    }

    @Override
    protected void onDisconnect(int reasonCode) {
        run.errors().record("DISCONNECT from the broker: 0x" + Integer.toHexString(reasonCode));
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) throws Exception {
        if (publisher != null) {
            publisher.afterRead();
        }
        if (receiver != null) {
            receiver.afterRead();
        }
        flush();
        super.channelReadComplete(ctx);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (publisher != null && ctx.channel().isWritable()) {
            publisher.writable();
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        super.channelInactive(ctx); // decodes what is left first; its acknowledgements are dropped below
        if (out != null) {
            out.release();
            out = null;
        }
        if (setupTimeout != null) {
            setupTimeout.cancel(false);
        }
        if (keepAlive != null) {
            keepAlive.cancel(false);
        }
        if (publisher != null) {
            publisher.stop();
        }
        if (live) {
            live = false;
            run.counters().live.decrementAndGet();
        }
        boolean wasReady = ready.isDone() && !ready.isCompletedExceptionally();
        if (!wasReady) {
            fail("connection closed during setup");
        } else if (!closing) {
            run.counters().disconnects.incrementAndGet();
            run.errors().record("connection closed by the broker or the network");
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (!fail("setup: " + reason(cause))) {
            error(reason(cause));
        }
        ctx.close();
    }

    // ---- helpers for the roles -----------------------------------------------------------------------------

    /** The buffer that collects this batch's outgoing packets. */
    ByteBuf out() {
        if (out == null) {
            out = ctx.alloc().directBuffer(4096);
        }
        return out;
    }

    void flush() {
        ByteBuf b = out;
        if (b == null) {
            return;
        }
        out = null;
        if (b.isReadable() && ctx.channel().isActive()) {
            ctx.writeAndFlush(b, ctx.voidPromise());
        } else {
            b.release();
        }
    }

    boolean writable() {
        return ctx.channel().isWritable();
    }

    ChannelHandlerContext context() {
        return ctx;
    }

    long[] counters() {
        return counters;
    }

    void error(String reason) {
        Counters.inc(counters, Counters.Kind.ERRORS);
        run.errors().record(reason);
    }

    /** @return {@code true} if this failed the setup (it was not ready yet) */
    private boolean fail(String reason) {
        if (ready.completeExceptionally(new IllegalStateException(reason))) {
            run.counters().connectErrors.incrementAndGet();
            run.errors().record(reason);
            return true;
        }
        return false;
    }

    private static String reason(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return c.getClass().getSimpleName() + (m == null ? "" : ": " + m.replaceAll("/[0-9.:]+", "").trim());
    }
}
