package io.osprey.bench.load;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Ends a run early: Ctrl-C (the shutdown hook) or a caller. The run then stops publishing and reports as usual. */
public final class StopSignal {

    private final CountDownLatch latch = new CountDownLatch(1);

    public void request() {
        latch.countDown();
    }

    public boolean requested() {
        return latch.getCount() == 0;
    }

    /** @return {@code true} if a stop was requested within {@code seconds} */
    public boolean await(double seconds) throws InterruptedException {
        return seconds <= 0 ? requested() : latch.await((long) (seconds * 1e9), TimeUnit.NANOSECONDS);
    }

    public void awaitRequest() throws InterruptedException {
        latch.await();
    }
}
