package io.osprey.plugin.license.format;

import java.time.Duration;

/** Durations for people: {@code 364 days}, {@code 5 hours}, {@code 12 minutes}, {@code 40 seconds}. */
public final class Durations {

    private Durations() {
    }

    public static String human(Duration d) {
        if (d.toDays() >= 2) {
            return d.toDays() + " days";
        }
        if (d.toHours() >= 2) {
            return d.toHours() + " hours";
        }
        if (d.toMinutes() >= 2) {
            return d.toMinutes() + " minutes";
        }
        return Math.max(0, d.toSeconds()) + " seconds";
    }
}
