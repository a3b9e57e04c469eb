package io.osprey.management;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Dictionary;
import java.util.HexFormat;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.osprey.api.config.ConfigError;
import io.osprey.api.config.ConfigReader;
import io.osprey.api.service.ApiResource;
import io.osprey.api.service.ApiRoute;
import io.osprey.api.service.Command;
import io.osprey.management.command.CommandRegistry;
import io.osprey.management.http.ApiServer;
import io.osprey.management.http.ManagementSettings;
import io.osprey.management.http.RouteTable;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The management API ({@code etc/osprey.management.cfg}): serves every {@link ApiResource} and {@link Command}
 * registered by the kernel and by plugins, under HTTP Basic credentials. For {@code bin/osprey ctl} it writes a
 * random token and the API's address under {@code data/} (readable only by the node's user), so that no password
 * is needed on the command line.
 */
@Component(service = {}, configurationPid = "osprey.management", configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
public final class ManagementComponent {

    private static final Logger LOG = LoggerFactory.getLogger(ManagementComponent.class);
    /** Under data/: the bearer token ctl sends. */
    public static final String TOKEN_FILE = "ctl.token";
    /** Under data/: the base URL of the running node's API. */
    public static final String ENDPOINT_FILE = "ctl.endpoint";

    private final RouteTable routes = new RouteTable();
    private final CommandRegistry commands = new CommandRegistry();
    private final Map<ApiResource, List<ApiRoute>> resourceRoutes = new ConcurrentHashMap<>();
    private final Path dataDir;
    private ApiServer server;
    private ManagementSettings settings;
    private ServiceRegistration<Object> status;

    @Activate
    public ManagementComponent(BundleContext context, Map<String, Object> properties) {
        this.dataDir = Path.of(System.getProperty("osprey.home", ".")).toAbsolutePath().normalize().resolve("data");
        ConfigReader reader = ConfigReader.of("management", properties);
        settings = ManagementSettings.read(reader);
        report(reader, "using defaults for the bad values");
        Dictionary<String, Object> p = new Hashtable<>();
        String token = newToken();
        try {
            server = new ApiServer(settings, routes, commands, token);
            server.start();
            writeFiles(token, server.port());
            LOG.info("Start management API on {} successfully.", settings.bindText());
            warnIfDefaultPassword(settings);
            p.put("osprey.management.status", "running");
            p.put("osprey.management.port", server.port());
        } catch (IllegalStateException e) {
            LOG.error(e.getMessage());
            server = null;
            p.put("osprey.management.status", "failed");
            p.put("osprey.management.error", e.getMessage());
        }
        status = context.registerService(Object.class, new Object(), p);
    }

    @Modified
    void modified(Map<String, Object> properties) {
        ConfigReader reader = ConfigReader.of("management", properties);
        ManagementSettings next = ManagementSettings.read(reader);
        if (!reader.errors().isEmpty()) {
            report(reader, "keeping the previous configuration");
            return;
        }
        if (!next.bind().equals(settings.bind()) && server != null) {
            LOG.warn("management bind changes take effect after a restart");
        }
        if (server != null) {
            server.updateSettings(next);
        }
        if (next.usesDefaultPassword() != settings.usesDefaultPassword()) {
            warnIfDefaultPassword(next);
        }
        settings = next;
        LOG.info("Management configuration reloaded");
    }

    @Deactivate
    void deactivate() {
        if (server != null) {
            server.stop();
        }
        try {
            Files.deleteIfExists(dataDir.resolve(ENDPOINT_FILE));
        } catch (IOException ignored) {
            // best effort
        }
        try {
            status.unregister();
        } catch (IllegalStateException ignored) {
            // already gone
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addCommand(Command c) {
        commands.add(c);
    }

    void removeCommand(Command c) {
        commands.remove(c);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addResource(ApiResource r) {
        List<ApiRoute> list = List.copyOf(r.routes());
        resourceRoutes.put(r, list);
        routes.add(list);
    }

    void removeResource(ApiResource r) {
        List<ApiRoute> list = resourceRoutes.remove(r);
        if (list != null) {
            routes.remove(list);
        }
    }

    private static void warnIfDefaultPassword(ManagementSettings s) {
        if (s.usesDefaultPassword()) {
            LOG.warn("The management API has the default password 'public': it serves read-only requests only "
                    + "until you set password in etc/osprey.management.cfg (bin/osprey ctl works regardless)");
        } else {
            LOG.info("The management API has its own password: every request is served to its credentials");
        }
    }

    private static String newToken() {
        byte[] b = new byte[32];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** Writes the token (mode 0600) and the endpoint ctl should call (loopback when bound to all addresses). */
    private void writeFiles(String token, int port) {
        try {
            Files.createDirectories(dataDir);
            writePrivate(dataDir.resolve(TOKEN_FILE), token);
            InetAddress a = settings.bind().getAddress();
            String host = a.isAnyLocalAddress() ? "127.0.0.1" : a.getHostAddress();
            if (host.contains(":")) {
                host = "[" + host + "]";
            }
            writePrivate(dataDir.resolve(ENDPOINT_FILE), "http://" + host + ":" + port);
        } catch (IOException e) {
            LOG.warn("Could not write the ctl token under {}: {} (ctl will not work)", dataDir, e.toString());
        }
    }

    private static void writePrivate(Path file, String content) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(tmp);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        }
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void report(ConfigReader reader, String consequence) {
        for (ConfigError e : reader.errors()) {
            LOG.error("Bad configuration value {}; {}", e.describe(), consequence);
        }
        for (String k : reader.unknownKeys()) {
            LOG.warn("{}: unknown key '{}' is ignored", reader.source(), k);
        }
    }
}
