package io.osprey.broker.trace;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
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
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
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

    /** Queues one timestamped line. */
    public void line(String text) {
        String l = Instant.now() + " " + text + '\n';
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
}
