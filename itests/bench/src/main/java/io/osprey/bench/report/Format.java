package io.osprey.bench.report;

import java.util.Locale;

/** Number formats shared by the progress line and the summary: {@code 152,301}, {@code 0.412 ms}. */
final class Format {

    private Format() {
    }

    static String count(double v) {
        return String.format(Locale.ROOT, "%,.0f", v);
    }

    /** Nanoseconds as a readable duration with 3 significant digits. */
    static String nanos(double ns) {
        if (ns < 1_000) {
            return String.format(Locale.ROOT, "%.0f ns", ns);
        }
        if (ns < 1_000_000) {
            return String.format(Locale.ROOT, "%.1f µs", ns / 1e3);
        }
        if (ns < 1_000_000_000) {
            return String.format(Locale.ROOT, "%.2f ms", ns / 1e6);
        }
        return String.format(Locale.ROOT, "%.2f s", ns / 1e9);
    }

    static String decimal(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }
}
