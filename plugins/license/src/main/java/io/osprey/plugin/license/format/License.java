package io.osprey.plugin.license.format;

import java.time.Instant;
import java.util.Objects;

/**
 * The signed facts of a license (format 1). Immutable; {@link LicenseText} turns it into text and back, and defines
 * the exact bytes the signature covers.
 *
 * @param id             a unique identifier chosen by the vendor (letters, digits, {@code . _ -})
 * @param customer       who the license is for
 * @param email          the customer's contact address
 * @param edition        trial or official
 * @param issued         when the vendor signed it
 * @param validFrom      the first instant the license is in force
 * @param expiry         the last instant the license is in force
 * @param maxConnections the most MQTT connections the node accepts at once
 * @param nodes          how many nodes the license covers; 0 when it does not say
 */
public record License(String id, String customer, String email, Edition edition, Instant issued,
                      Instant validFrom, Instant expiry, int maxConnections, int nodes) {

    /** The only format this version reads and writes. */
    public static final int FORMAT = 1;

    public License {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(customer, "customer");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(edition, "edition");
        Objects.requireNonNull(issued, "issued");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(expiry, "expiry");
    }

    /** {@code true} once {@code now} is past the expiry. */
    public boolean isExpiredAt(Instant now) {
        return now.isAfter(expiry);
    }

    /** {@code true} while {@code now} is before {@link #validFrom()}. */
    public boolean isNotYetValidAt(Instant now) {
        return now.isBefore(validFrom);
    }
}
