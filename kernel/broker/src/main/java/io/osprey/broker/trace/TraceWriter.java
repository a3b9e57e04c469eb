package io.osprey.broker.trace;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one thread that writes trace files, so that tracing a busy client never makes an I/O thread wait for a disk.
 * The queue is bounded: when the disk cannot keep up, lines are dropped and counted rather than buffered without end.
 */
final class TraceWriter implements Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(TraceWriter.class);

    private record Entry(TraceTarget target, String line) {
    }

    /** A request to close a target once everything queued before it is written. */
    private record CloseMark(TraceTarget target, Runnable done) {
    }

    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(65_536);
    private final Thread thread;
    private volatile boolean running = true;

    TraceWriter() {
        thread = new Thread(this, "osprey-trace");
        thread.setDaemon(true);
        thread.start();
    }

    boolean offer(TraceTarget t, String line) {
        return queue.offer(new Entry(t, line));
    }

    /** Closes {@code t} after its queued lines are written; {@code done} runs then. */
    void close(TraceTarget t, Runnable done) {
        try {
            queue.put(new CloseMark(t, done));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void run() {
        Set<TraceTarget> dirty = new HashSet<>();
        while (running || !queue.isEmpty()) {
            try {
                Object o = queue.poll(200, TimeUnit.MILLISECONDS);
                if (o instanceof Entry e) {
                    e.target().write(e.line());
                    dirty.add(e.target());
                } else if (o instanceof CloseMark m) {
                    m.target().close();
                    dirty.remove(m.target());
                    m.done().run();
                }
                if (o == null || queue.isEmpty()) {
                    for (TraceTarget t : dirty) {
                        t.flush();
                    }
                    dirty.clear();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (IOException e) {
                LOG.warn("Writing a trace file failed: {}", e.getMessage());
            }
        }
    }

    void shutdown() {
        running = false;
        thread.interrupt();
    }
}
