package io.osprey.plugin.license;

import java.time.Instant;

import io.osprey.plugin.license.format.License;

/**
 * What the node may do now: the license in force (if any), where it came from, and the fallback that applies when
 * there is none. Immutable; a new license or configuration makes a new one. Time is passed in, so the same
 * entitlement moves from "not yet valid" to "valid" to "expired" as the clock runs.
 */
final class Entitlement {

    /** Where the node stands with its license at one instant. */
    enum Status {
        /** A license is in force: its {@code max_connections} applies. */
        VALID("valid"),
        /** The license starts later: the fallback limit applies until then. */
        NOT_YET_VALID("not yet valid"),
        /** The license has expired: every new connection is refused; connected clients stay. */
        EXPIRED("expired"),
        /** No usable license (missing, malformed, tampered): the fallback limit applies. */
        NO_LICENSE("no license");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        String label() {
            return label;
        }
    }

    private final License license;
    private final String source;
    private final String problem;
    private final int fallbackMaxConnections;

    private Entitlement(License license, String source, String problem, int fallbackMaxConnections) {
        this.license = license;
        this.source = source;
        this.problem = problem;
        this.fallbackMaxConnections = fallbackMaxConnections;
    }

    static Entitlement of(License license, String source, int fallbackMaxConnections) {
        return new Entitlement(license, source, null, fallbackMaxConnections);
    }

    /** @param problem why there is no license, e.g. the file and the reason it was rejected */
    static Entitlement none(String problem, int fallbackMaxConnections) {
        return new Entitlement(null, null, problem, fallbackMaxConnections);
    }

    /** The license, or {@code null} with {@link Status#NO_LICENSE}. */
    License license() {
        return license;
    }

    /** The file (or upload) the license came from, or {@code null}. */
    String source() {
        return source;
    }

    /** Why there is no license, or {@code null}. */
    String problem() {
        return problem;
    }

    int fallbackMaxConnections() {
        return fallbackMaxConnections;
    }

    Status status(Instant now) {
        if (license == null) {
            return Status.NO_LICENSE;
        }
        if (license.isExpiredAt(now)) {
            return Status.EXPIRED;
        }
        return license.isNotYetValidAt(now) ? Status.NOT_YET_VALID : Status.VALID;
    }

    /** The most connections allowed at {@code now}: the license's, the fallback, or 0 once expired. */
    int maxConnections(Instant now) {
        return switch (status(now)) {
            case VALID -> license.maxConnections();
            case EXPIRED -> 0;
            case NOT_YET_VALID, NO_LICENSE -> fallbackMaxConnections;
        };
    }

    /** One line for the log and {@code ctl license info}: what applies now and why. */
    String describe(Instant now) {
        return switch (status(now)) {
            case VALID -> "License " + license.id() + " for " + license.customer() + " (" + license.edition().word()
                    + " edition) from " + source + " is in force: at most " + license.maxConnections()
                    + " connections until " + license.expiry();
            case EXPIRED -> "The license certificate is expired! License " + license.id() + " for "
                    + license.customer() + " expired at " + license.expiry() + ": new connections are refused, "
                    + "connected clients stay connected";
            case NOT_YET_VALID -> "License " + license.id() + " from " + source + " is not valid before "
                    + license.validFrom() + "; running with the fallback limit of " + fallbackMaxConnections
                    + " connections until then";
            case NO_LICENSE -> "No valid license (" + problem + "); running with the fallback limit of "
                    + fallbackMaxConnections + " connections";
        };
    }
}
