package io.osprey.bridge.core.send;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import io.osprey.bridge.core.buffer.ReplayQueue;
import io.osprey.bridge.core.record.RecordCodec;
import io.osprey.bridge.core.stats.BridgeCounters;
import io.osprey.bridge.core.stats.LinkStatus;

/**
 * One connection to the remote side with one set of connection settings: the {@link Sink}, the sender that replays
 * the disk buffer and, in sync mode, the sender that holds publishers until the remote side answered. A
 * configuration change that touches the connection closes the link and opens a new one over the same buffer.
 *
 * @param <R> the bridge's record type
 */
public class Link<R> {

    /** Messages waiting for the sync sender's thread, at most. */
    public static final int SYNC_QUEUE = 10_000;

    private final Sink<R> sink;
    private final ReplaySender<R> replay;
    private final SyncSender<R> sync;
    private final LinkStatus status;

    /**
     * @param sinks      makes the sink; it may report errors and successes into the link's status
     * @param window     records of the buffer sent and not acknowledged yet, at most
     * @param label      names the bridge in log lines, e.g. {@code Kafka bridge}
     * @param threadName prefix of the sender threads' names, e.g. {@code osprey-bridge-kafka}
     */
    public Link(Function<LinkStatus, Sink<R>> sinks, RecordCodec<R> codec, ProduceMode mode, Duration syncTimeout,
                ReplayQueue queue, BridgeCounters counters, int window, String label, String threadName) {
        this.status = new LinkStatus();
        this.sink = sinks.apply(status);
        this.replay = new ReplaySender<>(queue, sink, codec, counters, status, window, label, threadName + "-replay");
        this.sync = mode == ProduceMode.SYNC ? new SyncSender<>(sink.forSync(), codec::ruleId, counters, status, syncTimeout,
                SYNC_QUEUE, label, threadName + "-sync") : null;
    }

    public void start() {
        replay.start();
        if (sync != null) {
            sync.start();
        }
    }

    /**
     * Sync mode: sends the records of one message; completes with {@code true} once the remote side has them all. A
     * link of async mode (met only while a change of {@code produce} is being applied) answers {@code false} at once.
     */
    public CompletableFuture<Boolean> sendSync(List<R> records) {
        if (sync == null) {
            return CompletableFuture.completedFuture(false);
        }
        return sync.send(records);
    }

    /** New records are in the buffer. */
    public void wake() {
        replay.wake();
    }

    protected Sink<R> sink() {
        return sink;
    }

    /** The connection state, refreshed from the sink. */
    public LinkStatus status() {
        int connections = sink.connectionCount();
        if (connections >= 0) {
            status.connections(connections);
        }
        return status;
    }

    public int inFlight() {
        return replay.inFlight();
    }

    /**
     * Stops sending, gives records in flight up to {@code timeout} to be acknowledged, and saves the buffer position
     * (what was not acknowledged is sent again by the next link or after a restart).
     */
    public void close(Duration timeout) {
        if (sync != null) {
            sync.stop();
        }
        replay.stopSending();
        sink.close(timeout);
        replay.join(Duration.ofSeconds(10));
        replay.savePosition();
        status.stopped();
    }
}
