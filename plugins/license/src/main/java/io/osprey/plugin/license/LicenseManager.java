package io.osprey.plugin.license;

import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.osprey.api.config.ConfigReader;
import io.osprey.api.service.AlarmService;
import io.osprey.api.service.ClientService;
import io.osprey.api.service.NodeInfo;
import io.osprey.plugin.license.format.License;
import io.osprey.plugin.license.format.LicenseException;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Holds the license in force ({@link Entitlement}) for the quota hook, the command and the API, and keeps the node
 * told about it: logs each change of status (valid, expired, fallback), raises and clears the alarms every
 * {@code check_interval}, and installs new licenses ({@code ctl license reload}, upload) without a restart.
 * <p>
 * It never fails to start over a license: a missing, malformed or tampered license is logged and the fallback limit
 * applies. A bad configuration value at start is logged and read as its default; a later bad edit is logged and the
 * previous configuration stays.
 */
@Component(service = LicenseManager.class, configurationPid = "osprey.license", immediate = true)
public final class LicenseManager {

    private static final Logger LOG = LoggerFactory.getLogger(LicenseManager.class);

    private final Path home;
    private final Path licensesDir;
    private final ClientService clients;
    private final LicenseAlarms alarms;
    private final ScheduledExecutorService monitor;
    private volatile LicenseSettings settings;
    private volatile Entitlement current;
    /** Guarded by {@code this}: the status last logged, to log each change once. */
    private Entitlement.Status logged;
    /** Guarded by {@code this}. */
    private ScheduledFuture<?> tick;

    @Activate
    public LicenseManager(Map<String, Object> config, @Reference AlarmService alarms,
                          @Reference ClientService clients, @Reference NodeInfo node) {
        // installed licenses live in data/licenses/ (under the node's data_dir), as the README documents
        this(config, alarms, clients, node.etcDir().getParent(), node.dataDir("licenses"));
    }

    /**
     * @param home        the node's home folder: relative paths in the configuration resolve against it
     * @param licensesDir where installed licenses are kept
     */
    LicenseManager(Map<String, Object> config, AlarmService alarms, ClientService clients, Path home,
                   Path licensesDir) {
        this.home = home;
        this.licensesDir = licensesDir;
        this.clients = clients;
        this.alarms = new LicenseAlarms(alarms);
        this.monitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "osprey-license-monitor");
            t.setDaemon(true);
            return t;
        });
        ConfigReader r = ConfigReader.of("license", config);
        LicenseSettings s = LicenseSettings.read(r, home, licensesDir);
        report(r, "using the default");
        apply(s);
    }

    @Modified
    void modified(Map<String, Object> config) {
        ConfigReader r = ConfigReader.of("license", config);
        LicenseSettings s = LicenseSettings.read(r, home, licensesDir);
        report(r, "keeping the previous configuration");
        if (!r.errors().isEmpty()) {
            return;
        }
        LOG.info("License configuration changed; reading the license again");
        apply(s);
    }

    @Deactivate
    synchronized void deactivate() {
        monitor.shutdownNow();
        alarms.clearAll();
        LOG.info("License plugin stopped: connections are no longer limited by a license");
    }

    /** What applies now; read on every CONNECT, so it is a volatile read and nothing more. */
    Entitlement current() {
        return current;
    }

    LicenseSettings settings() {
        return settings;
    }

    /** Connected clients, as the quota counts them. */
    int connections() {
        return clients.count();
    }

    /**
     * Verifies the license file {@code path} (relative to the node's home folder; {@code null}: {@code license_file})
     * and installs it.
     *
     * @throws LicenseException naming the file and the reason; the current license stays in force
     */
    Entitlement reload(String path) throws LicenseException {
        Path file = path == null ? settings.licenseFile() : home.resolve(path).normalize();
        return install(LicenseLoader.readFile(file), file.toString());
    }

    /**
     * Verifies a license and, when it is in force now, applies it at once and keeps a copy in
     * {@code data/licenses/osprey.lic}, where the next start finds it. A license that has expired or is not valid yet
     * is refused: installing it would lock out new connections or drop to the fallback limit.
     *
     * @param source names the license in messages: a path, or "upload"
     * @throws LicenseException naming the source and the reason; the current license stays in force
     */
    synchronized Entitlement install(byte[] content, String source) throws LicenseException {
        LicenseSettings s = settings;
        License l = new LicenseLoader(s).verify(content, source);
        Instant now = Instant.now();
        if (l.isExpiredAt(now)) {
            throw new LicenseException(source + ": license " + l.id() + " expired at " + l.expiry()
                    + "; not installed, the current license stays in force");
        }
        if (l.isNotYetValidAt(now)) {
            throw new LicenseException(source + ": license " + l.id() + " is not valid before " + l.validFrom()
                    + "; not installed, the current license stays in force");
        }
        keep(s.installedFile(), content);
        current = Entitlement.of(l, s.installedFile().toString(), s.fallbackMaxConnections());
        LOG.info("License {} installed from {} (kept in {})", l.id(), source, s.installedFile());
        logged = null;
        check();
        return current;
    }

    private synchronized void apply(LicenseSettings s) {
        settings = s;
        current = new LicenseLoader(s).load(Instant.now());
        logged = null;
        check();
        if (tick != null) {
            tick.cancel(false);
        }
        long millis = s.checkInterval().toMillis();
        tick = monitor.scheduleWithFixedDelay(this::checkSafely, millis, millis, TimeUnit.MILLISECONDS);
    }

    /** Logs a change of status (a license expiring, or coming into force) and re-evaluates the alarms. */
    synchronized void check() {
        Instant now = Instant.now();
        Entitlement e = current;
        Entitlement.Status status = e.status(now);
        if (status != logged) {
            logged = status;
            switch (status) {
                case VALID -> LOG.info("{}", e.describe(now));
                case EXPIRED -> LOG.error("{}. Install a new license with 'bin/osprey ctl license reload <file>'.",
                        e.describe(now));
                default -> LOG.warn("{}", e.describe(now));
            }
        }
        alarms.evaluate(e, clients.count(), now, settings);
    }

    private void checkSafely() {
        try {
            check();
        } catch (RuntimeException ex) {
            LOG.error("License check failed; retrying in {}", settings.checkInterval(), ex);
        }
    }

    /** Logs each bad value (file, line, key, value, expected) with what happens instead, and each unknown key. */
    private static void report(ConfigReader r, String consequence) {
        r.errors().forEach(e -> LOG.error("Bad configuration value {}; {}", e.describe(), consequence));
        r.unknownKeys().forEach(k -> LOG.warn("{}: unknown key '{}' is ignored", r.source(), k));
    }

    private static void keep(Path target, byte[] content) throws LicenseException {
        try {
            Files.createDirectories(target.getParent());
            Path tmp = Files.createTempFile(target.getParent(), "osprey", ".lic.tmp");
            Files.write(tmp, content);
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new LicenseException("cannot keep the license in " + target + " (" + e.getMessage()
                    + "); not installed, the current license stays in force", e);
        }
    }
}
