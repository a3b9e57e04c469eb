package io.osprey.plugin.mysql.sql;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A statement written by an admin with placeholders — {@code ${clientid}}, {@code ${topic}}, … and, as in EMQX's
 * emqx_auth_mysql, {@code '%u'} (user name), {@code '%c'} (client id), {@code '%a'} (peer address), {@code '%C'}
 * (certificate common name). Every placeholder becomes a JDBC parameter ({@code ?}), bound when the statement runs:
 * values never become SQL text, so a client id or topic cannot inject SQL. Quotes written around a placeholder
 * ({@code '${clientid}'}, {@code '%u'}) are dropped with it, since the value is bound, not pasted.
 */
public final class SqlTemplate {

    /** {@code ${name}}, optionally quoted; or an EMQX {@code %x} placeholder, quoted as EMQX writes it. */
    private static final Pattern PLACEHOLDER = Pattern.compile(
            "(['\"]?)\\$\\{([A-Za-z_][A-Za-z0-9_.]*)}\\1|(['\"])%([ucaC])\\3");

    private static final Map<String, String> EMQX_AUTH = Map.of("u", "username", "c", "clientid", "a", "peerhost",
            "C", "certcn");

    private final String source;
    private final String sql;
    private final List<String> names;

    private SqlTemplate(String source, String sql, List<String> names) {
        this.source = source;
        this.sql = sql;
        this.names = List.copyOf(names);
    }

    /**
     * @param allowed the placeholder names this statement may use
     * @throws IllegalArgumentException naming the first placeholder that is not allowed
     */
    public static SqlTemplate parse(String text, Set<String> allowed) {
        if (text == null || text.isBlank()) {
            throw new IllegalArgumentException("an SQL statement, not an empty string");
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder sql = new StringBuilder(text.length());
        List<String> names = new ArrayList<>();
        int last = 0;
        while (m.find()) {
            String name = m.group(2) != null ? m.group(2).toLowerCase(java.util.Locale.ROOT) : EMQX_AUTH.get(m.group(4));
            if (!allowed.contains(name)) {
                throw new IllegalArgumentException("a statement whose placeholders are among "
                        + allowed.stream().sorted().map(n -> "${" + n + "}").toList() + " (found ${" + name + "})");
            }
            sql.append(text, last, m.start()).append('?');
            names.add(name);
            last = m.end();
        }
        sql.append(text.substring(last));
        return new SqlTemplate(text, sql.toString().trim(), names);
    }

    /** The statement as prepared, with {@code ?} for each placeholder. */
    public String sql() {
        return sql;
    }

    /** The statement as written in the configuration. */
    public String source() {
        return source;
    }

    /** Placeholder names in parameter order. */
    public List<String> names() {
        return names;
    }

    /** The parameter values for {@code vars}, in order. */
    public Object[] bind(Vars vars) {
        Object[] values = new Object[names.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = vars.value(names.get(i));
        }
        return values;
    }

    @Override
    public String toString() {
        return source;
    }

    /** The values a statement's placeholders take at one hook call. */
    @FunctionalInterface
    public interface Vars {
        Object value(String name);
    }
}
