package io.osprey.broker.config;

import java.nio.file.Path;
import java.time.Duration;

import io.osprey.api.config.ConfigReader;
import io.osprey.broker.hooks.HookSettings;
import io.osprey.broker.router.SharedStrategy;

/**
 * An immutable snapshot of {@code etc/osprey.broker.cfg}. Keys and defaults follow EMQX 4 ({@code emqx.conf} zone
 * settings) where the concept exists there. A new snapshot replaces the old one on every valid change of the file;
 * settings that only matter when a client connects apply to new connections.
 */
public record BrokerSettings(
        String nodeName,
        int ioThreads,
        Path dataDir,
        // the store
        boolean storeDisk,
        int storeCacheMb,
        Duration storeCommitInterval,
        // authentication and authorisation
        boolean allowAnonymous,
        boolean aclNomatchAllow,
        boolean aclDenyDisconnect,
        boolean aclCacheEnabled,
        int aclCacheMaxSize,
        Duration aclCacheTtl,
        // protocol limits
        int maxPacketSize,
        int maxClientIdLength,
        int maxTopicLevels,
        int maxQosAllowed,
        int maxTopicAlias,
        boolean retainAvailable,
        boolean wildcardSubscription,
        boolean sharedSubscription,
        SharedStrategy sharedStrategy,
        int maxSubscriptions,
        Duration idleTimeout,
        int serverKeepAlive,
        String responseInformation,
        // sessions
        boolean upgradeQos,
        int maxInflight,
        Duration retryInterval,
        int maxAwaitingRel,
        Duration awaitRelTimeout,
        Duration sessionExpiryInterval,
        long maxSessionExpiryInterval,
        int maxMqueueLength,
        boolean mqueueStoreQos0,
        boolean mqueueDropOldest,
        // retained messages
        int maxRetainedMessages,
        int maxRetainedPayloadSize,
        // $SYS
        Duration sysInterval,
        Duration sysHeartbeat,
        // flapping detection
        io.osprey.broker.banned.FlappingDetector.Policy flapping,
        // hooks
        HookSettings hooks) {

    /** Reads every key; bad values are recorded in the reader (see {@link ConfigReader#check()}) and read as defaults. */
    public static BrokerSettings read(ConfigReader r, Path home) {
        int cores = Runtime.getRuntime().availableProcessors();
        return new BrokerSettings(
                r.string("node.name", "osprey@127.0.0.1"),
                r.integer("io_threads", cores, 1, 1024),
                home.resolve(r.string("data_dir", "data")),
                r.oneOf("store", "disk", "disk", "memory").equals("disk"),
                (int) (r.bytes("store.cache_size", "16MB", 1024 * 1024, 64L * 1024 * 1024 * 1024) / (1024 * 1024)),
                r.duration("store.commit_interval", "100ms"),
                r.bool("allow_anonymous", true),
                r.oneOf("acl_nomatch", "allow", "allow", "deny").equals("allow"),
                r.oneOf("acl_deny_action", "ignore", "ignore", "disconnect").equals("disconnect"),
                r.bool("enable_acl_cache", true),
                r.integer("acl_cache_max_size", 32, 1, 1_000_000),
                r.duration("acl_cache_ttl", "1m"),
                (int) r.bytes("max_packet_size", "1MB", 64, 268_435_455),
                r.integer("max_clientid_len", 65535, 23, 65535),
                r.integer("max_topic_levels", 0, 0, 65535),
                r.integer("max_qos_allowed", 2, 0, 2),
                r.integer("max_topic_alias", 65535, 0, 65535),
                r.bool("retain_available", true),
                r.bool("wildcard_subscription", true),
                r.bool("shared_subscription", true),
                SharedStrategy.parse(r.oneOf("shared_subscription_strategy", "random", "random", "round_robin",
                        "sticky", "hash_clientid", "hash_topic")),
                r.integer("max_subscriptions", 0, 0, Integer.MAX_VALUE),
                r.duration("idle_timeout", "15s"),
                r.integer("server_keepalive", 0, 0, 65535),
                r.string("response_information", ""),
                r.bool("upgrade_qos", false),
                r.integer("max_inflight", 32, 1, 65535),
                r.duration("retry_interval", "30s"),
                r.integer("max_awaiting_rel", 100, 0, 65535),
                r.duration("await_rel_timeout", "300s"),
                r.duration("session_expiry_interval", "2h"),
                r.longValue("max_session_expiry_interval", 0, 0, 0xFFFFFFFFL),
                r.integer("max_mqueue_len", 1000, 0, Integer.MAX_VALUE),
                r.bool("mqueue_store_qos0", true),
                r.oneOf("mqueue_drop", "oldest", "oldest", "newest").equals("oldest"),
                r.integer("retainer.max_retained_messages", 0, 0, Integer.MAX_VALUE),
                (int) r.bytes("retainer.max_payload_size", "1MB", 0, 268_435_455),
                r.duration("sys_interval", "1m"),
                r.duration("sys_heartbeat", "30s"),
                flapping(r),
                new HookSettings(
                        r.duration("hook.timeout", "10s"),
                        r.duration("hook.slow_threshold", "100ms"),
                        r.oneOf("hook.client.connect.on_timeout", "proceed", "proceed", "reject").equals("reject"),
                        r.oneOf("hook.client.authenticate.on_timeout", "deny", "deny", "ignore").equals("deny"),
                        r.oneOf("hook.client.check_acl.on_timeout", "deny", "deny", "ignore").equals("deny"),
                        r.oneOf("hook.message.publish.on_timeout", "fail", "fail", "proceed").equals("fail"),
                        r.oneOf("hook.client.authenticate.on_error", "deny", "deny", "ignore").equals("deny"),
                        r.oneOf("hook.client.check_acl.on_error", "deny", "deny", "ignore").equals("deny"),
                        pluginErrorPolicies(r)));
    }

    /** {@code hook.on_error.<plugin> = deny|ignore}, by normalized plugin name. */
    private static java.util.Map<String, Boolean> pluginErrorPolicies(ConfigReader r) {
        java.util.Map<String, Boolean> out = new java.util.HashMap<>();
        r.group("hook.on_error.").forEach((plugin, value) -> {
            switch (value.toLowerCase(java.util.Locale.ROOT)) {
                case "deny" -> out.put(ConfigReader.normalize(plugin), true);
                case "ignore" -> out.put(ConfigReader.normalize(plugin), false);
                default -> r.error("hook.on_error." + plugin, value, "deny or ignore");
            }
        });
        return java.util.Map.copyOf(out);
    }

    /** {@code enable_flapping_detect} and {@code flapping_detect_policy = <max disconnects>, <window>, <ban time>}. */
    private static io.osprey.broker.banned.FlappingDetector.Policy flapping(ConfigReader r) {
        boolean enabled = r.bool("enable_flapping_detect", false);
        String text = r.string("flapping_detect_policy", "30, 1m, 5m");
        String[] parts = text.split(",");
        java.time.Duration window = parts.length == 3 ? ConfigReader.parseDuration(parts[1].trim()) : null;
        java.time.Duration ban = parts.length == 3 ? ConfigReader.parseDuration(parts[2].trim()) : null;
        int max = -1;
        try {
            max = parts.length == 3 ? Integer.parseInt(parts[0].trim()) : -1;
        } catch (NumberFormatException e) {
            max = -1;
        }
        if (max < 1 || window == null || ban == null) {
            r.error("flapping_detect_policy", text, "<max disconnects>, <window>, <ban time>, such as 30, 1m, 5m");
            return new io.osprey.broker.banned.FlappingDetector.Policy(enabled, 30, java.time.Duration.ofMinutes(1),
                    java.time.Duration.ofMinutes(5));
        }
        return new io.osprey.broker.banned.FlappingDetector.Policy(enabled, max, window, ban);
    }

    /** Defaults only (tests, and a node without {@code etc/osprey.broker.cfg}). */
    public static BrokerSettings defaults(Path home) {
        return read(ConfigReader.of("broker", java.util.Map.of(), java.util.Map.of()), home);
    }

    /** The receive window we announce to MQTT 5 clients for their QoS 1/2 publishes. */
    public int receiveMaximum() {
        return maxAwaitingRel == 0 ? 65535 : Math.min(65535, maxAwaitingRel);
    }
}
