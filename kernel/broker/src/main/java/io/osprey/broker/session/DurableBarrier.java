package io.osprey.broker.session;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

import io.netty.util.concurrent.FastThreadLocal;
import io.osprey.broker.store.Store;

/**
 * Holds a publisher's PUBACK/PUBREC until its message is durable: every persistent session it was routed to has
 * written it to the store (on its own thread), and a commit that began after those writes has reached the disk.
 * Created per QoS 1/2 publish only when the store is durable; sessions find it through {@link #current()} while the
 * publisher's thread routes the message.
 */
public final class DurableBarrier {

    private static final FastThreadLocal<DurableBarrier> CURRENT = new FastThreadLocal<>();

    private final Store store;
    private final AtomicInteger pending = new AtomicInteger(1); // the publisher's own part, released by seal()
    private final CompletableFuture<Void> done = new CompletableFuture<>();
    private volatile boolean needsSync;

    public DurableBarrier(Store store) {
        this.store = store;
    }

    /** The barrier of the message being routed on this thread, or {@code null}. */
    public static DurableBarrier current() {
        return CURRENT.getIfExists();
    }

    /** Makes this the current barrier of the calling thread (call {@link #leave()} after routing). */
    public void enter() {
        CURRENT.set(this);
    }

    public void leave() {
        CURRENT.remove();
    }

    /** A session will write the message on its own thread and call {@link #arrive(boolean)}. */
    void expect() {
        pending.incrementAndGet();
    }

    /** The calling thread wrote something durable for this message (a retained message, for example). */
    public void wrote() {
        needsSync = true;
    }

    /** One expected session is done; {@code wrote} tells whether it wrote to the store. */
    void arrive(boolean wrote) {
        if (wrote) {
            needsSync = true;
        }
        if (pending.decrementAndGet() == 0) {
            finish();
        }
    }

    /** The publisher finished routing. */
    public void seal() {
        if (pending.decrementAndGet() == 0) {
            finish();
        }
    }

    private void finish() {
        if (!needsSync) {
            done.complete(null);
        } else {
            store.sync().whenComplete((v, e) -> {
                if (e == null) {
                    done.complete(null);
                } else {
                    done.completeExceptionally(e);
                }
            });
        }
    }

    /** Completes when the message is durable (at once when nothing needed the disk). */
    public CompletableFuture<Void> future() {
        return done;
    }
}
