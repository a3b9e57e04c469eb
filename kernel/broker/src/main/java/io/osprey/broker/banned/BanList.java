package io.osprey.broker.banned;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Banned client ids, user names and addresses. Checked at every CONNECT (a banned client gets CONNACK 0x8A in
 * MQTT 5, 0x05 in 3.1.1); adding a ban disconnects matching clients. Bans are kept in {@code data/banned.json}
 * (written atomically on every change) so they survive restarts; expired bans are dropped.
 */
public final class BanList {

    private static final Logger LOG = LoggerFactory.getLogger(BanList.class);
    public static final Set<String> KINDS = Set.of("clientid", "username", "peerhost");

    private final ConcurrentHashMap<String, Ban> bans = new ConcurrentHashMap<>();
    private final Path file;
    private volatile Consumer<Ban> onAdd = b -> { };

    public BanList(Path file) {
        this.file = file;
        load();
    }

    /** What to do when a ban is added (the broker disconnects the matching clients). */
    public void onAdd(Consumer<Ban> action) {
        this.onAdd = action;
    }

    /**
     * The active ban that refuses this client, or {@code null}. Costs one emptiness check when nobody is banned.
     */
    public Ban check(String clientId, String username, String peerHost) {
        if (bans.isEmpty()) {
            return null;
        }
        long now = System.currentTimeMillis();
        Ban b = active(Ban.key("clientid", clientId), now);
        if (b == null && username != null) {
            b = active(Ban.key("username", username), now);
        }
        if (b == null && peerHost != null) {
            b = active(Ban.key("peerhost", peerHost), now);
        }
        return b;
    }

    private Ban active(String key, long now) {
        Ban b = bans.get(key);
        if (b != null && !b.isActive(now)) {
            bans.remove(key, b);
            save();
            return null;
        }
        return b;
    }

    public void add(Ban ban) {
        if (!KINDS.contains(ban.as())) {
            throw new IllegalArgumentException("ban type must be clientid, username or peerhost: " + ban.as());
        }
        bans.put(ban.key(), ban);
        save();
        LOG.info("Banned {} {} until {} ({}, by {})", ban.as(), ban.who(), java.time.Instant.ofEpochMilli(ban.until()),
                ban.reason(), ban.by());
        onAdd.accept(ban);
    }

    /** @return {@code false} when there was no such ban */
    public boolean delete(String as, String who) {
        boolean removed = bans.remove(Ban.key(as, who)) != null;
        if (removed) {
            save();
            LOG.info("Unbanned {} {}", as, who);
        }
        return removed;
    }

    /** Active bans, oldest first. */
    public List<Ban> list() {
        long now = System.currentTimeMillis();
        List<Ban> out = new ArrayList<>();
        for (Ban b : bans.values()) {
            if (b.isActive(now)) {
                out.add(b);
            }
        }
        out.sort(Comparator.comparingLong(Ban::at));
        return out;
    }

    public int size() {
        return bans.size();
    }

    private void load() {
        if (!Files.exists(file)) {
            return;
        }
        try {
            List<Ban> stored = Json.MAPPER.readValue(file.toFile(), new TypeReference<List<Ban>>() {
            });
            long now = System.currentTimeMillis();
            for (Ban b : stored) {
                if (b.isActive(now)) {
                    bans.put(b.key(), b);
                }
            }
        } catch (IOException e) {
            LOG.error("Could not read the ban list {}: {} (starting with no bans)", file, e.getMessage());
        }
    }

    private synchronized void save() {
        try {
            Files.createDirectories(file.getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Json.MAPPER.writerWithDefaultPrettyPrinter().writeValue(tmp.toFile(), list());
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            LOG.error("Could not save the ban list {}: {}", file, e.getMessage());
        }
    }

    /** Made when a stored ban list is read or written: Jackson's first ObjectMapper costs about 0.1 s. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
