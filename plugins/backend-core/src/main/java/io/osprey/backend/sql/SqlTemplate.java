package io.osprey.backend.sql;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.osprey.backend.Placeholders;
import io.osprey.backend.Vars;
import io.osprey.backend.config.RawAction;

/**
 * A statement written by an admin with placeholders ({@link Placeholders}). Every placeholder becomes a JDBC
 * parameter ({@code ?}), bound when the statement runs: values never become SQL text, so a client id or topic cannot
 * inject SQL. Quotes written around a placeholder ({@code '${clientid}'}, {@code '%u'}) are dropped with it, since the
 * value is bound, not pasted.
 */
public final class SqlTemplate {

    /** How rules and auth queries of the SQL backends are written: {@code "sql": [...]}. */
    public static final RawAction<SqlTemplate> RAW = new RawAction<>() {
        @Override
        public String key() {
            return "sql";
        }

        @Override
        public SqlTemplate compile(String text, Set<String> allowed) {
            return parse(text, allowed);
        }
    };

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
        StringBuilder sql = new StringBuilder(text.length());
        List<String> names = new ArrayList<>();
        try {
            Placeholders.scan(text, allowed, false, new Placeholders.Visitor() {
                @Override
                public void text(String literal) {
                    sql.append(literal);
                }

                @Override
                public void placeholder(String name) {
                    sql.append('?');
                    names.add(name);
                }
            });
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("a statement whose " + e.getMessage());
        }
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

    /** The parameter values for {@code vars}, in order (a timestamp as {@link Timestamp}). */
    public Object[] bind(Vars vars) {
        Object[] values = new Object[names.size()];
        for (int i = 0; i < values.length; i++) {
            Object v = vars.value(names.get(i));
            values[i] = v instanceof Instant t ? Timestamp.from(t) : v;
        }
        return values;
    }

    @Override
    public String toString() {
        return source;
    }
}
