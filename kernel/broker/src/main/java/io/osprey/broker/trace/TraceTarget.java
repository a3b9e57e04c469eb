package io.osprey.broker.trace;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One running trace: what it follows ({@code client <id>} or {@code topic <filter>}), its file and level. Lines are
 * handed to the shared writer thread, so the traced client's I/O thread only formats a string and enqueues it.
 */
public final class TraceTarget {

    /** {@code client} or {@code topic}. */
    private final String kind;
    private final String target;
    private final Path file;
    private final String level;
    private final long startedAt = System.currentTimeMillis();
    private final AtomicLong lines = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final TraceWriter writer;
    private BufferedWriter out;

    TraceTarget(String kind, String target, Path file, String level, TraceWriter writer) throws IOException {
        this.kind = kind;
        this.target = target;
        this.file = file;
        this.level = level;
        this.writer = writer;
        // never through a symbolic link: the name was checked (TraceFiles), a link made since must not redirect it
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, LinkOption.NOFOLLOW_LINKS);
    }

    public String kind() {
        return kind;
    }

    public String target() {
        return target;
    }

    public Path file() {
        return file;
    }

    public String level() {
        return level;
    }

    public long startedAt() {
        return startedAt;
    }

    public long lines() {
        return lines.get();
    }

    public long dropped() {
        return dropped.get();
    }

    /** Payloads are written at level {@code debug} only. */
    public boolean withPayloads() {
        return level.equals("debug");
    }

    /** Queues one timestamped line; control characters in {@code text} are escaped ({@link #escape}). */
    public void line(String text) {
        String l = Instant.now() + " " + escape(text) + '\n';
        if (writer.offer(this, l)) {
            lines.incrementAndGet();
        } else {
            dropped.incrementAndGet();
        }
    }

    /** Called on the writer thread. */
    void write(String line) throws IOException {
        if (out != null) {
            out.write(line);
        }
    }

    void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    void close() throws IOException {
        if (out != null) {
            out.flush();
            out.close();
            out = null;
        }
    }

    /**
     * {@code text} on one line, as a reader (a terminal, {@code grep}, a log shipper) will see it: client ids, user
     * names, topics and payloads come from clients, so a newline in them must not start a forged trace line, nor an
     * escape sequence repaint a terminal. A backslash is doubled; newline, carriage return and tab are written as
     * backslash-n, -r and -t; other control characters as backslash-x and two hex digits; Unicode line separators and
     * format characters (such as bidirectional overrides) as backslash-u and four hex digits. Text without any of
     * them is returned as it is.
     */
    static String escape(String text) {
        int i = 0;
        while (i < text.length() && !special(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder b = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!special(c)) {
                b.append(c);
                continue;
            }
            switch (c) {
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x100) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(String.format("\\u%04x", (int) c));
                    }
                }
            }
        }
        return b.toString();
    }

    private static boolean special(char c) {
        if (c >= 0x20 && c < 0x7F) {
            return c == '\\';
        }
        if (c < 0x20 || c == 0x7F || (c >= 0x80 && c < 0xA0)) {
            return true;
        }
        int type = Character.getType(c);
        return type == Character.FORMAT || type == Character.LINE_SEPARATOR
                || type == Character.PARAGRAPH_SEPARATOR;
    }
}
