package io.osprey.backend.sql;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the plugin's tables when they are absent, from the schema files of {@code etc/sql/} (an admin may adapt
 * them) or, without those, from the copies inside the plugin's bundle ({@code /sql/<file>}). Runs once per pool, on
 * the first connection.
 */
public final class Schema {

    private static final Logger LOG = LoggerFactory.getLogger(Schema.class);

    private final List<String> files;
    private final Path etcSql;
    private final Class<?> bundled;
    private volatile boolean done;

    /**
     * @param files   the schema files to apply, in order; none when {@code create_schema = off}
     * @param etcSql  the node's {@code etc/sql} folder, or {@code null}
     * @param bundled a class of the plugin, whose bundle holds the copies under {@code /sql/}
     */
    public Schema(List<String> files, Path etcSql, Class<?> bundled) {
        this.files = List.copyOf(files);
        this.etcSql = etcSql;
        this.bundled = bundled;
        this.done = files.isEmpty();
    }

    /** Creates what is absent, unless that was done already on this pool. */
    public void ensure(Connection c, Database db) throws SQLException {
        if (done) {
            return;
        }
        synchronized (this) {
            if (done) {
                return;
            }
            for (String file : files) {
                String where = source(file);
                for (String stmt : statements(read(file))) {
                    try (Statement s = c.createStatement()) {
                        s.execute(stmt);
                    } catch (SQLException e) {
                        if (db.isConnectionError(e)) {
                            throw e;
                        }
                        LOG.error("{}: schema statement from {} failed: {}: {}", db.dialect().plugin(), where,
                                e.getMessage(), firstLine(stmt));
                    }
                }
                LOG.info("{}: tables of {} are in place", db.dialect().plugin(), where);
            }
            done = true;
        }
    }

    private String source(String file) {
        Path p = etcSql == null ? null : etcSql.resolve(file);
        return p != null && Files.isRegularFile(p) ? p.toString() : "bundle:/sql/" + file;
    }

    /** The text of a schema file: etc/sql/ first, else the bundled copy. */
    public String read(String file) {
        try {
            Path p = etcSql == null ? null : etcSql.resolve(file);
            if (p != null && Files.isRegularFile(p)) {
                return Files.readString(p, StandardCharsets.UTF_8);
            }
            try (InputStream in = bundled.getResourceAsStream("/sql/" + file)) {
                if (in == null) {
                    throw new IllegalStateException("schema file sql/" + file + " is missing from the bundle");
                }
                return new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Splits a script into statements: each ends with {@code ;} at the end of a line; {@code --} lines are comments. */
    public static List<String> statements(String script) {
        List<String> out = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        for (String line : script.split("\\R")) {
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("--")) {
                continue;
            }
            current.append(line).append('\n');
            if (t.endsWith(";")) {
                String s = current.toString().strip();
                out.add(s.substring(0, s.length() - 1));
                current.setLength(0);
            }
        }
        if (!current.toString().isBlank()) {
            out.add(current.toString().strip());
        }
        return out;
    }

    private static String firstLine(String stmt) {
        int nl = stmt.indexOf('\n');
        return nl < 0 ? stmt : stmt.substring(0, nl) + " …";
    }
}
