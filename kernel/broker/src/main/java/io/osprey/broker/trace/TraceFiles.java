package io.osprey.broker.trace;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * Where {@code ctl trace} may write: under the node's {@code log/} folder only. The management API can be reached
 * by anyone holding its credentials, so a trace file must not become a way to append text to any file the node's
 * user can write ({@code ~/.ssh/authorized_keys}, {@code etc/acl.conf}, a cron file). Relative names are read from
 * {@code log/}; {@code ..}, absolute paths elsewhere and symbolic links leading out are refused, and the file is
 * opened without following a link (see {@link TraceTarget}).
 */
final class TraceFiles {

    private TraceFiles() {
    }

    /**
     * @return the absolute, normalized file, its folders created under {@code log/}
     * @throws IllegalArgumentException saying why the name is refused
     */
    static Path resolve(Path logDir, String file) throws IOException {
        Path base = logDir.toAbsolutePath().normalize();
        if (file.isBlank()) {
            throw new IllegalArgumentException("a trace file name is needed, such as client-x.log (written under "
                    + "log/)");
        }
        Path p = base.resolve(file).normalize();
        if (!p.startsWith(base) || p.equals(base)) {
            throw outside(file, base);
        }
        Files.createDirectories(base);
        Path realBase = base.toRealPath();
        // the deepest folder that exists must really be under log/ (not a link out of it) before any is created
        Path existing = p.getParent();
        while (!Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (!existing.toRealPath().startsWith(realBase)) {
            throw outside(file, base);
        }
        Files.createDirectories(p.getParent());
        if (!p.getParent().toRealPath().startsWith(realBase)) {
            throw outside(file, base);
        }
        if (Files.isSymbolicLink(p)) {
            throw new IllegalArgumentException("trace file " + file + " is a symbolic link; trace files are written "
                    + "under log/ only (" + base + ")");
        }
        return p;
    }

    private static IllegalArgumentException outside(String file, Path base) {
        return new IllegalArgumentException("trace files are written under log/ only (" + base + "): " + file
                + " is outside it; give a name such as client-x.log or traces/client-x.log");
    }
}
