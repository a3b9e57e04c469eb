package io.osprey.bench.load;

import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * The run's publishers' {@link Flow}s by publisher number, so that a receiver can wake exactly the publishers whose
 * messages it just received (once per batch of reads, not per message).
 */
public final class FlowControl {

    private final AtomicReferenceArray<Flow> flows;

    public FlowControl(int publishers) {
        this.flows = new AtomicReferenceArray<>(publishers);
    }

    void register(int publisher, Flow f) {
        flows.set(publisher, f);
    }

    /** Messages of {@code publisher} arrived: wake it if it waits for them. */
    void delivered(int publisher) {
        Flow f = flows.get(publisher);
        if (f != null) {
            f.tryWake();
        }
    }
}
