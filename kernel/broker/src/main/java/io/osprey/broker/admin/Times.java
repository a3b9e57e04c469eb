package io.osprey.broker.admin;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** Times as the admin views print them: {@code 2026-11-27 08:42:51}, local time. */
public final class Times {

    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
            .withZone(ZoneId.systemDefault());

    private Times() {
    }

    public static String format(long epochMillis) {
        return epochMillis <= 0 ? "" : FORMAT.format(Instant.ofEpochMilli(epochMillis));
    }
}
