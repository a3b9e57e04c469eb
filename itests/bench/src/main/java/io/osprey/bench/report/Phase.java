package io.osprey.bench.report;

import java.util.Locale;

/** Where a run is; shown in every progress line. Only {@link #MEASURING} counts for the results. */
public enum Phase {
    CONNECTING, WARMUP, MEASURING, HOLDING, DRAINING, CLOSING;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
