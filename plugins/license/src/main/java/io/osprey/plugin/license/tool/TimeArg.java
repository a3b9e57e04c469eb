package io.osprey.plugin.license.tool;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Times on the command line: a UTC date {@code 2027-11-27} (its first second for {@code --valid-from}, its last for
 * {@code --expiry}, so a license runs through the whole day), a time from now such as {@code +3600s}, {@code +15m},
 * {@code +12h} or {@code +30d}, or an exact instant {@code 2027-11-27T12:00:00Z}.
 */
final class TimeArg {

    private static final Pattern RELATIVE = Pattern.compile("\\+(\\d{1,9})([smhd])");

    private TimeArg() {
    }

    static Instant startOf(String option, String text, Clock clock) throws UsageException {
        return parse(option, text, clock, false);
    }

    static Instant endOf(String option, String text, Clock clock) throws UsageException {
        return parse(option, text, clock, true);
    }

    private static Instant parse(String option, String text, Clock clock, boolean endOfDay) throws UsageException {
        Matcher m = RELATIVE.matcher(text);
        if (m.matches()) {
            long n = Long.parseLong(m.group(1));
            ChronoUnit unit = switch (m.group(2)) {
                case "m" -> ChronoUnit.MINUTES;
                case "h" -> ChronoUnit.HOURS;
                case "d" -> ChronoUnit.DAYS;
                default -> ChronoUnit.SECONDS;
            };
            return clock.instant().truncatedTo(ChronoUnit.SECONDS).plus(n, unit);
        }
        try {
            LocalDate day = LocalDate.parse(text);
            Instant start = day.atStartOfDay(ZoneOffset.UTC).toInstant();
            return endOfDay ? start.plus(1, ChronoUnit.DAYS).minusSeconds(1) : start;
        } catch (DateTimeParseException e) {
            // not a date; maybe an instant
        }
        try {
            return Instant.parse(text).truncatedTo(ChronoUnit.SECONDS);
        } catch (DateTimeParseException e) {
            throw new UsageException("--" + option + " " + text + ": expected a date such as 2027-11-27, a time "
                    + "from now such as +3600s or +30d, or a UTC time such as 2027-11-27T12:00:00Z");
        }
    }
}
