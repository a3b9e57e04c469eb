package io.osprey.plugin.license.tool;

import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;

import io.osprey.plugin.license.format.Durations;
import io.osprey.plugin.license.format.License;

/** Prints a license's fields one per line, aligned, for the vendor tool. */
final class LicensePrinter {

    private LicensePrinter() {
    }

    static void print(License l, PrintStream out) {
        line(out, "id", l.id());
        line(out, "customer", l.customer());
        line(out, "email", l.email());
        line(out, "edition", l.edition().word());
        line(out, "issued", l.issued());
        line(out, "valid_from", l.validFrom());
        line(out, "expiry", l.expiry());
        line(out, "max_connections", l.maxConnections());
        line(out, "nodes", l.nodes() == 0 ? "not limited" : l.nodes());
    }

    static void line(PrintStream out, String key, Object value) {
        out.printf("%-16s %s%n", key, value);
    }

    /** {@code valid, expires in 364 days}, {@code expired at …}, {@code not valid before …}. */
    static String status(License l, Instant now) {
        if (l.isExpiredAt(now)) {
            return "EXPIRED at " + l.expiry();
        }
        if (l.isNotYetValidAt(now)) {
            return "NOT YET VALID: in force from " + l.validFrom();
        }
        return "valid, expires in " + Durations.human(Duration.between(now, l.expiry()));
    }
}
