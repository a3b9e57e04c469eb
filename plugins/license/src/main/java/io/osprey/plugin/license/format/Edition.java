package io.osprey.plugin.license.format;

import java.util.Locale;

/** What kind of license it is. Informational: both editions are enforced the same way. */
public enum Edition {
    TRIAL,
    OFFICIAL;

    /** The word used in license files and on the command line: {@code trial} or {@code official}. */
    public String word() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @return the edition, or {@code null} when {@code word} names none */
    public static Edition of(String word) {
        for (Edition e : values()) {
            if (e.word().equalsIgnoreCase(word)) {
                return e;
            }
        }
        return null;
    }
}
