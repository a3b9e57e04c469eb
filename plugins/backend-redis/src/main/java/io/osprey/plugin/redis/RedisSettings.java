package io.osprey.plugin.redis;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.osprey.api.config.ConfigException;
import io.osprey.api.config.ConfigReader;
import io.osprey.backend.config.BackendSettings;
import io.osprey.backend.config.HostPort;
import io.osprey.backend.config.RawValues;

/**
 * The plugin's configuration ({@code etc/osprey.backend.redis.cfg}), parsed and checked; immutable. The keys every
 * backend shares (pool, queue, rules, password hash, {@code *_on_db_down}) are in {@link #common()}.
 *
 * @param type       {@code single}, {@code sentinel} or {@code cluster}
 * @param servers    the server (single), the sentinels, or the cluster's seed nodes
 * @param sentinel   the master's name in Sentinel mode
 * @param messageTtl how long stored messages live ({@code msg.expired_after})
 */
public record RedisSettings(String type, List<HostPort> servers, String sentinel, int database, String username,
                            String password, boolean ssl, boolean sslVerify, String sslCaCertFile, Duration messageTtl,
                            BackendSettings<RedisCommand> common, RedisCommand authCmd, RedisCommand superCmd,
                            RedisCommand aclCmd) {

    /** The name ConfigReader derives from {@code etc/osprey.backend.redis.cfg} (environment: OSPREY_BACKEND_REDIS__…). */
    public static final String NAME = "backend.redis";

    public RedisSettings {
        servers = List.copyOf(servers);
    }

    /** Parses ConfigAdmin's properties (with environment overrides). */
    public static RedisSettings parse(Map<String, ?> properties, Path home) throws ConfigException {
        return parse(ConfigReader.of(NAME, RawValues.restorePlaceholders(properties)), home);
    }

    public static RedisSettings parse(ConfigReader r, Path home) throws ConfigException {
        String type = r.oneOf("type", "single", "single", "sentinel", "cluster");
        List<HostPort> servers = HostPort.readList(r, "server", "127.0.0.1:6379", type.equals("sentinel") ? 26379
                : 6379);
        if (type.equals("single") && servers.size() > 1) {
            r.error("server", String.valueOf(r.raw("server")), "one host:port with type = single (a list is for "
                    + "sentinel and cluster)");
        }
        String sentinel = r.string("sentinel", "");
        if (type.equals("sentinel") && sentinel.isBlank()) {
            r.error("sentinel", sentinel, "the name of the master the sentinels watch, e.g. mymaster");
        }
        int database = r.integer("database", 0, 0, 1_000_000);
        if (type.equals("cluster") && database != 0) {
            r.error("database", String.valueOf(database), "0: Redis Cluster has only database 0");
        }
        String username = r.string("username", "");
        String password = r.string("password", "");
        boolean ssl = r.bool("ssl", false);
        String verify = r.oneOf("ssl.verify", "verify_peer", "verify_peer", "verify_none");
        String caFile = r.string("ssl.cacertfile", "");
        if (!caFile.isEmpty() && !Path.of(caFile).isAbsolute() && home != null) {
            caFile = home.resolve(caFile).normalize().toString();
        }
        Duration ttl = r.duration("msg.expired_after", "1h");
        if (ttl.toSeconds() < 1) {
            r.error("msg.expired_after", String.valueOf(r.raw("msg.expired_after")), "a duration of 1s or more");
        }
        BackendSettings<RedisCommand> common = BackendSettings.parse(r, RedisCommand.RAW);
        RedisCommand authCmd = BackendSettings.authTemplate(r, "auth_cmd", RedisCommand.RAW);
        RedisCommand superCmd = BackendSettings.authTemplate(r, "super_cmd", RedisCommand.RAW);
        RedisCommand aclCmd = BackendSettings.authTemplate(r, "acl_cmd", RedisCommand.RAW);
        r.check();
        return new RedisSettings(type, servers, sentinel, database, username, password, ssl,
                verify.equals("verify_peer"), caFile, ttl, common, authCmd, superCmd, aclCmd);
    }

    /** Where the data is, for logs and status: {@code 127.0.0.1:6379/0}, {@code sentinel mymaster@…}, {@code cluster …}. */
    public String target() {
        String list = String.join(",", servers.stream().map(HostPort::toString).toList());
        return switch (type) {
            case "sentinel" -> "sentinel " + sentinel + "@" + list + "/" + database;
            case "cluster" -> "cluster " + list;
            default -> list + "/" + database;
        };
    }

    /** Do two snapshots need different connections? */
    public boolean sameConnection(RedisSettings o) {
        return o != null && type.equals(o.type) && servers.equals(o.servers) && sentinel.equals(o.sentinel)
                && database == o.database && username.equals(o.username) && password.equals(o.password)
                && ssl == o.ssl && sslVerify == o.sslVerify && sslCaCertFile.equals(o.sslCaCertFile)
                && common.poolSize() == o.common.poolSize() && common.connectTimeout().equals(o.common.connectTimeout())
                && common.queryTimeout().equals(o.common.queryTimeout())
                && common.retryInterval().equals(o.common.retryInterval());
    }

    @Override
    public String toString() {
        return "RedisSettings{" + target() + ", ssl=" + ssl + ", pool_size=" + common.poolSize() + ", rules="
                + common.rules().size() + ", auth=" + (authCmd != null) + ", acl=" + (aclCmd != null) + "}";
    }
}
