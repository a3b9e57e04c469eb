package io.osprey.plugin.kafka.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.osprey.api.config.ConfigReader;
import io.osprey.bridge.core.tls.TlsSettings;

/**
 * How the bridge connects and produces to Kafka: everything that, when changed, needs a new producer (and so a
 * reconnect). {@code extra} holds {@code kafka.<property>} keys passed to the producer as they are, for settings
 * this file does not name.
 *
 * @param maxInflight records of the disk buffer handed to the producer and not acknowledged yet, at most: they wait
 *                    in the producer's memory ({@code buffer_memory}) while Kafka is slow, the rest waits on disk
 */
public record ProducerSettings(List<String> servers, String clientId, RequiredAcks requiredAcks, String compression,
                               Duration connectTimeout, Duration requestTimeout, Duration linger, long maxBatchBytes,
                               long maxRequestSize, long bufferMemory, int maxInflight, TlsSettings tls,
                               SaslMechanism sasl, String saslUsername, String saslPassword,
                               Map<String, String> extra) {

    static final List<String> COMPRESSIONS = List.of("none", "gzip", "lz4", "snappy", "zstd");

    static ProducerSettings read(ConfigReader r, Path home) {
        List<String> servers = r.list("servers", "127.0.0.1:9092");
        if (servers.isEmpty()) {
            r.error("servers", "", "one or more host:port of Kafka brokers, separated by commas");
        }
        for (String s : servers) {
            int colon = s.lastIndexOf(':');
            if (colon <= 0 || !s.substring(colon + 1).matches("\\d{1,5}")) {
                r.error("servers", String.join(",", servers), "host:port items, such as 10.0.0.1:9092; not " + s);
                break;
            }
        }
        String clientId = r.string("client_id", "osprey_bridge_kafka");
        RequiredAcks acks = RequiredAcks.valueOf(r.oneOf("required_acks", "all", "all", "leader", "none")
                .toUpperCase(java.util.Locale.ROOT));
        String compression = r.oneOf("compression", "none", COMPRESSIONS.toArray(String[]::new));
        Duration connect = positive(r, "connect_timeout", "5s");
        Duration request = positive(r, "request_timeout", "10s");
        Duration linger = r.duration("linger", "5ms");
        long batch = r.bytes("max_batch_bytes", "128KB", 1, Integer.MAX_VALUE);
        long requestSize = r.bytes("max_request_size", "1MB", 1024, Integer.MAX_VALUE);
        long memory = r.bytes("buffer_memory", "32MB", 1024 * 1024, Integer.MAX_VALUE);
        int inflight = r.integer("max_inflight", 10_000, 1, 1_000_000);
        TlsSettings tls = TlsSettings.read(r, home);
        String mechanismName = r.oneOf("sasl.mechanism", "none", "none", "plain", "scram_sha_256", "scram_sha_512");
        SaslMechanism mechanism = SaslMechanism.valueOf(mechanismName.toUpperCase(java.util.Locale.ROOT));
        String user = r.string("sasl.username", null);
        String password = r.string("sasl.password", null);
        if (mechanism != SaslMechanism.NONE && (user == null || user.isEmpty())) {
            r.error("sasl.username", "", "a user name for SASL " + mechanism.kafkaName());
        }
        Map<String, String> extra = r.group("kafka.");
        return new ProducerSettings(List.copyOf(servers), clientId, acks, compression, connect, request, linger,
                batch, requestSize, memory, inflight, tls, mechanism, user, password == null ? "" : password, extra);
    }

    private static Duration positive(ConfigReader r, String key, String def) {
        Duration d = r.duration(key, def);
        if (d.isZero()) {
            r.error(key, "0", "a duration above 0, such as " + def);
            return ConfigReader.parseDuration(def);
        }
        return d;
    }

    @Override
    public String toString() {
        return "ProducerSettings{servers=" + servers + ", clientId=" + clientId + ", acks=" + requiredAcks
                + ", compression=" + compression + ", tls=" + tls + ", sasl=" + sasl + '}';
    }
}
