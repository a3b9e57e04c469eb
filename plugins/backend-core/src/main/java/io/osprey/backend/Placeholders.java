package io.osprey.backend;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the placeholders in an admin's statement or command: {@code ${clientid}}, {@code ${topic}}, … and, as in EMQX's
 * auth plugins, {@code %u} (user name), {@code %c} (client id), {@code %a} (peer address), {@code %C} (certificate
 * common name). Quotes written around a placeholder ({@code '${clientid}'}, {@code '%u'}) belong to it: the value is
 * bound or passed as an argument, never pasted into text, so they have no job left.
 * <p>
 * SQL and Redis differ in one thing: in SQL an EMQX {@code %u} counts only quoted ({@code '%u'}), since {@code %} is
 * also LIKE's wildcard; in a Redis command it counts anywhere ({@code mqtt_user:%u}).
 */
public final class Placeholders {

    /** {@code ${name}}, optionally quoted; or an EMQX {@code %x} placeholder, quoted as EMQX's SQL plugins write it. */
    private static final Pattern QUOTED_EMQX = Pattern.compile(
            "(['\"]?)\\$\\{([A-Za-z_][A-Za-z0-9_.]*)}\\1|(['\"])%([ucaC])\\3");
    /** The same, with EMQX's {@code %x} placeholders counted anywhere. */
    private static final Pattern BARE_EMQX = Pattern.compile(
            "(['\"]?)\\$\\{([A-Za-z_][A-Za-z0-9_.]*)}\\1|(['\"]?)%([ucaC])\\3");

    private static final Map<String, String> EMQX_AUTH = Map.of("u", "username", "c", "clientid", "a", "peerhost",
            "C", "certcn");

    private Placeholders() {
    }

    /** Receives the text between placeholders and each placeholder, in order. */
    public interface Visitor {

        void text(String literal);

        void placeholder(String name);
    }

    /**
     * Walks {@code text}, reporting literals and placeholders.
     *
     * @param emqxAnywhere {@code %u} and friends count without quotes too (Redis commands)
     * @throws IllegalArgumentException naming the first placeholder that is not in {@code allowed}
     */
    public static void scan(String text, Set<String> allowed, boolean emqxAnywhere, Visitor visitor) {
        Matcher m = (emqxAnywhere ? BARE_EMQX : QUOTED_EMQX).matcher(text);
        int last = 0;
        while (m.find()) {
            String name = m.group(2) != null ? m.group(2).toLowerCase(Locale.ROOT) : EMQX_AUTH.get(m.group(4));
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("placeholders are among "
                        + allowed.stream().sorted().map(n -> "${" + n + "}").toList() + " (found ${" + name + "})");
            }
            if (m.start() > last) {
                visitor.text(text.substring(last, m.start()));
            }
            visitor.placeholder(name);
            last = m.end();
        }
        if (last < text.length()) {
            visitor.text(text.substring(last));
        }
    }
}
