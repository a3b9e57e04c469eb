package io.osprey.plugin.authfile;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.osprey.api.config.ConfigReader;
import io.osprey.api.service.NodeInfo;
import io.osprey.plugin.authfile.passwd.Credentials;
import io.osprey.plugin.authfile.passwd.PasswordFile;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the entries of the password file in force ({@link #credentials()}) for the authenticator and the commands.
 * <ul>
 * <li>The file is checked every {@code check_interval} (a {@code stat}; the content is read only when it changed) and
 * a good new version applies at once: no restart, no {@code ctl} needed.</li>
 * <li>A version with bad lines is logged line by line ({@code file:line: what is wrong}) and the entries in force stay.
 * At start there is nothing to keep: the good lines apply, and the names on bad lines are refused until the file is
 * fixed (a user the admin listed is never treated as unknown, which would let {@code allow_anonymous} admit it).</li>
 * <li>{@link #update} (the {@code ctl} commands) changes one entry: it rereads the file, writes a temporary file (mode
 * 0600) beside it and renames it over the file, so a reader never sees half a file; other lines stay as they were.</li>
 * </ul>
 */
@Component(service = PasswordStore.class, configurationPid = "osprey.auth.file", immediate = true)
public final class PasswordStore {

    private static final Logger LOG = LoggerFactory.getLogger(PasswordStore.class);
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    /** A change made by {@link #update}: gets the file as it is on disk, returns it changed. */
    @FunctionalInterface
    interface Edit {
        PasswordFile apply(PasswordFile file, Credentials onDisk) throws EditException;
    }

    /** How long a changed file must stay unchanged before a poll applies it. */
    static final Duration SETTLE = Duration.ofMillis(50);

    private final Path home;
    private final Duration settle;
    private final ScheduledExecutorService watcher;
    private volatile AuthFileSettings settings;
    private volatile Credentials credentials = Credentials.EMPTY;
    // guarded by this
    private FileStamp stamp;
    private byte[] digest;
    private boolean racy;
    private boolean applied;
    private List<String> problems = List.of();
    private ScheduledFuture<?> tick;
    /** The last failure to read the file, logged once. */
    private String lastError;

    @Activate
    public PasswordStore(Map<String, Object> config, @Reference NodeInfo node) {
        this(config, node.etcDir().toAbsolutePath().getParent());
    }

    /** @param home the node's home folder: a relative {@code password_file} is read from there */
    PasswordStore(Map<String, Object> config, Path home) {
        this(config, home, SETTLE);
    }

    PasswordStore(Map<String, Object> config, Path home, Duration settle) {
        this.home = home;
        this.settle = settle;
        this.watcher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "osprey-auth-file-watch");
            t.setDaemon(true);
            return t;
        });
        ConfigReader r = ConfigReader.of("auth.file", config);
        AuthFileSettings s = AuthFileSettings.read(r, home);
        report(r, "using the default");
        apply(s);
    }

    @Modified
    void modified(Map<String, Object> config) {
        ConfigReader r = ConfigReader.of("auth.file", config);
        AuthFileSettings s = AuthFileSettings.read(r, home);
        report(r, "keeping the previous configuration");
        if (r.errors().isEmpty()) {
            apply(s);
        }
    }

    @Deactivate
    void deactivate() {
        watcher.shutdownNow();
    }

    /** The entries in force; a volatile read, made on every CONNECT. */
    Credentials credentials() {
        return credentials;
    }

    AuthFileSettings settings() {
        return settings;
    }

    /** The bad lines of the last version read ({@code file:line: what}); empty when it was good. */
    synchronized List<String> problems() {
        return problems;
    }

    /** Looks at the file now and applies a changed version (what the periodic check does). */
    synchronized void check() {
        Path file = settings.passwordFile();
        try {
            FileStamp now = FileStamp.of(file);
            if (now.sameAs(stamp) && !racy) {
                return;
            }
            FileStamp before = stamp;
            stamp = now;
            racy = false;
            if (!now.exists()) {
                if (before != null && before.exists()) {
                    LOG.warn("Password file {} was removed: no user or client id is known now", file);
                } else {
                    LOG.info("Password file {} does not exist: no users yet ('bin/osprey ctl users add' creates it)",
                            file);
                }
                digest = null;
                problems = List.of();
                credentials = Credentials.EMPTY;
                applied = true;
                return;
            }
            Instant readAt = Instant.now();
            byte[] content = Files.readAllBytes(file);
            racy = now.racyAt(readAt);
            byte[] d = sha256(content);
            if (!Arrays.equals(d, digest)) {
                if (racy && stillChanging(file, now)) {
                    stamp = null; // caught between an editor's truncate and write: read it again next poll
                    return;
                }
                digest = d;
                load(file, content);
            }
            lastError = null;
        } catch (NoSuchFileException e) {
            stamp = null; // removed between the stat and the read: look again next time
        } catch (IOException | RuntimeException e) {
            digest = null;
            stamp = null; // try again next time: a chmod that fixes it changes nothing a stamp sees
            if (!e.toString().equals(lastError)) {
                lastError = e.toString();
                LOG.error("Cannot read password file {}: {}; {}", file, e, applied
                        ? "keeping the entries in force (" + credentials.summary() + ")" : "no users until it can");
            }
        }
    }

    /**
     * Changes the file and applies the result at once.
     *
     * @return the entries in force afterwards
     * @throws EditException when the file on disk has bad lines (they are listed; nothing is written), the edit
     *                       refuses, or the file cannot be written
     */
    synchronized Credentials update(Edit edit) throws EditException {
        Path file = settings.passwordFile();
        String text;
        try {
            text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
        } catch (IOException | RuntimeException e) {
            throw new EditException("Cannot read " + file + ": " + e);
        }
        PasswordFile before = PasswordFile.of(text);
        PasswordFile.Parsed parsed = before.parse();
        if (!parsed.ok()) {
            throw new EditException(file + " has bad lines; fix them first (nothing was changed):\n"
                    + String.join("\n", describe(file, parsed)));
        }
        PasswordFile after = edit.apply(before, parsed.credentials(false));
        byte[] content = after.content().getBytes(StandardCharsets.UTF_8);
        try {
            writeAtomically(file, content);
        } catch (IOException | RuntimeException e) {
            throw new EditException("Cannot write " + file + ": " + e);
        }
        digest = sha256(content);
        try {
            stamp = FileStamp.of(file);
            racy = stamp.racyAt(Instant.now());
        } catch (IOException e) {
            stamp = null;
        }
        load(file, content);
        return credentials;
    }

    // ---- internals -----------------------------------------------------------------------------------------

    private synchronized void apply(AuthFileSettings s) {
        AuthFileSettings old = settings;
        settings = s;
        if (old == null || !old.passwordFile().equals(s.passwordFile())) {
            stamp = null;
            digest = null;
            check();
        }
        if (old == null || !old.checkInterval().equals(s.checkInterval())) {
            if (tick != null) {
                tick.cancel(false);
                tick = null;
            }
            long ms = s.checkInterval().toMillis();
            if (ms > 0) {
                tick = watcher.scheduleWithFixedDelay(this::checkQuietly, ms, ms, TimeUnit.MILLISECONDS);
            }
        }
    }

    /**
     * {@code true} when the file changes again within the settle time ({@link #SETTLE}) of being read. A file written in place (truncated,
     * then written) can be read empty or half written; applying that version would drop every user it lacks.
     */
    private boolean stillChanging(Path file, FileStamp read) throws IOException {
        try {
            Thread.sleep(settle.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
        return !FileStamp.of(file).sameAs(read);
    }

    /** The periodic check: whatever goes wrong is logged, and the next check still runs. */
    private void checkQuietly() {
        try {
            check();
        } catch (Throwable t) { // a scheduled task that throws is never run again
            LOG.error("Checking password file {} failed", settings.passwordFile(), t);
        }
    }

    /** Parses a version of the file and applies it, or logs why not. */
    private void load(Path file, byte[] content) {
        PasswordFile.Parsed parsed = PasswordFile.of(new String(content, StandardCharsets.UTF_8)).parse();
        if (parsed.ok()) {
            credentials = parsed.credentials(false);
            problems = List.of();
            LOG.info("Password file {}: {} in force", file, credentials.summary());
            warnIfOthersCanRead(file);
        } else {
            problems = describe(file, parsed);
            for (String p : problems) {
                LOG.error("Bad line in password file {}", p);
            }
            if (applied) {
                LOG.error("Password file {} has {} bad line(s): keeping the entries in force ({}) until it is fixed",
                        file, problems.size(), credentials.summary());
            } else {
                credentials = parsed.credentials(true);
                LOG.error("Password file {} has {} bad line(s): using the good lines ({}); the names on bad lines "
                        + "are refused until it is fixed", file, problems.size(), credentials.summary());
            }
        }
        applied = true;
    }

    private static List<String> describe(Path file, PasswordFile.Parsed parsed) {
        List<String> out = new ArrayList<>();
        for (PasswordFile.Problem p : parsed.problems()) {
            out.add(file + ":" + p.line() + ": " + p.message());
        }
        return List.copyOf(out);
    }

    private void warnIfOthersCanRead(Path file) {
        if (credentials.users() + credentials.clientIds() == 0 || !posix()) {
            return;
        }
        try {
            Set<PosixFilePermission> perms = Files.getPosixFilePermissions(file);
            if (perms.contains(PosixFilePermission.GROUP_READ) || perms.contains(PosixFilePermission.OTHERS_READ)) {
                LOG.warn("Password file {} can be read by other users of this machine ({}): run chmod 600 on it",
                        file, PosixFilePermissions.toString(perms));
            }
        } catch (IOException | UnsupportedOperationException ignored) {
            // not worth more than the missing warning
        }
    }

    /** Writes a temporary file (mode 0600) beside the target, flushes it to disk and renames it over the target. */
    private static void writeAtomically(Path file, byte[] content) throws IOException {
        Path target = Files.isSymbolicLink(file) ? file.toRealPath() : file.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        FileAttribute<?>[] attrs = posix() ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        Path tmp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp", attrs);
        try {
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                ByteBuffer b = ByteBuffer.wrap(content);
                while (b.hasRemaining()) {
                    ch.write(b);
                }
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(dir);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private static void syncDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException | RuntimeException ignored) {
            // not every platform can open a directory; the rename is still atomic
        }
    }

    private static boolean posix() {
        return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }

    private static byte[] sha256(byte[] content) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(content);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void report(ConfigReader r, String outcome) {
        r.errors().forEach(e -> LOG.error("Bad configuration value {}; {}", e.describe(), outcome));
        r.unknownKeys().forEach(k -> LOG.warn("Unknown key '{}' in {} (ignored)", k, r.source()));
    }
}
