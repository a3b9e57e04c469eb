package io.osprey.backend;

/**
 * Topic helpers the plugin needs beyond {@link io.osprey.api.Topic} (which does the matching and takes shared
 * subscriptions apart): the SQL LIKE prefix of a filter.
 */
public final class Topics {

    private Topics() {
    }

    /** The levels of {@code filter} before its first wildcard, as a SQL LIKE prefix (with {@code %_\} escaped). */
    public static String likePrefix(String filter) {
        int plus = filter.indexOf('+');
        int hash = filter.indexOf('#');
        int cut = plus < 0 ? hash : hash < 0 ? plus : Math.min(plus, hash);
        String prefix = cut < 0 ? filter : filter.substring(0, cut);
        StringBuilder b = new StringBuilder(prefix.length() + 2);
        for (char c : prefix.toCharArray()) {
            if (c == '%' || c == '_' || c == '\\') {
                b.append('\\');
            }
            b.append(c);
        }
        return b.append('%').toString();
    }
}
