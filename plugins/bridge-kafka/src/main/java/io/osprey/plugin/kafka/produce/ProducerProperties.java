package io.osprey.plugin.kafka.produce;

import java.time.Duration;
import java.util.Properties;

import io.osprey.bridge.core.send.ProduceMode;
import io.osprey.bridge.core.tls.TlsSettings;
import io.osprey.plugin.kafka.config.ProducerSettings;
import io.osprey.plugin.kafka.config.SaslMechanism;

/**
 * Turns {@link ProducerSettings} into Kafka producer properties, including the ones the bridge's guarantees rest on:
 * <ul>
 * <li>order per key: idempotence with {@code acks=all} (up to 5 requests in flight keep their order), otherwise one
 * request in flight;</li>
 * <li>async mode: the producer never gives a record up ({@code delivery.timeout.ms} and {@code retries} at their
 * maximum) — records stay on disk until Kafka has them, so an outage of any length is waited out;</li>
 * <li>sync mode: a record's whole life is bounded by {@code produce.sync_timeout}, so a publisher that was told "failed"
 * is rarely followed by a late copy of its message in Kafka;</li>
 * <li>{@code send()} blocks its caller (never an I/O thread of the broker) at most {@code max.block.ms} for metadata
 * or buffer space.</li>
 * </ul>
 * {@code kafka.*} keys are applied last and win.
 */
public final class ProducerProperties {

    /** How long the replay sender's {@code send()} may wait for metadata or buffer space before it tries again. */
    static final Duration ASYNC_MAX_BLOCK = Duration.ofSeconds(5);

    private ProducerProperties() {
    }

    public static Properties of(ProducerSettings s, ProduceMode mode, Duration syncTimeout) {
        Properties p = new Properties();
        p.put("bootstrap.servers", String.join(",", s.servers()));
        p.put("client.id", s.clientId());
        p.put("acks", s.requiredAcks().acks());
        p.put("enable.idempotence", Boolean.toString(s.requiredAcks().idempotent()));
        p.put("max.in.flight.requests.per.connection", Integer.toString(s.requiredAcks().maxInFlight()));
        p.put("retries", Integer.toString(Integer.MAX_VALUE));
        p.put("compression.type", s.compression());
        p.put("linger.ms", Long.toString(s.linger().toMillis()));
        p.put("batch.size", Long.toString(s.maxBatchBytes()));
        p.put("max.request.size", Long.toString(s.maxRequestSize()));
        p.put("buffer.memory", Long.toString(s.bufferMemory()));
        long connect = s.connectTimeout().toMillis();
        p.put("socket.connection.setup.timeout.ms", Long.toString(connect));
        p.put("socket.connection.setup.timeout.max.ms", Long.toString(Math.max(connect, 30_000)));
        p.put("reconnect.backoff.ms", "200");
        p.put("reconnect.backoff.max.ms", "5000");
        p.put("retry.backoff.ms", "200");
        long request = s.requestTimeout().toMillis();
        long linger = s.linger().toMillis();
        if (mode == ProduceMode.SYNC) {
            long sync = syncTimeout.toMillis();
            long requestTimeout = Math.min(request, sync);
            p.put("request.timeout.ms", Long.toString(requestTimeout));
            p.put("delivery.timeout.ms", Long.toString(Math.max(sync, requestTimeout) + linger));
            p.put("max.block.ms", Long.toString(sync));
        } else {
            p.put("request.timeout.ms", Long.toString(request));
            p.put("delivery.timeout.ms", Integer.toString(Integer.MAX_VALUE));
            p.put("max.block.ms", Long.toString(ASYNC_MAX_BLOCK.toMillis()));
        }
        security(p, s);
        p.putAll(s.extra());
        return p;
    }

    private static void security(Properties p, ProducerSettings s) {
        TlsSettings tls = s.tls();
        boolean sasl = s.sasl() != SaslMechanism.NONE;
        String protocol = tls.enabled() ? (sasl ? "SASL_SSL" : "SSL") : (sasl ? "SASL_PLAINTEXT" : "PLAINTEXT");
        p.put("security.protocol", protocol);
        if (tls.enabled()) {
            p.put("ssl.endpoint.identification.algorithm", tls.verifyHostname() ? "https" : "");
            if (tls.caCertificates() != null) {
                p.put("ssl.truststore.type", "PEM");
                p.put("ssl.truststore.certificates", tls.caCertificates());
            }
            if (tls.keyStore() != null) {
                p.put("ssl.keystore.type", "PKCS12");
                p.put("ssl.keystore.location", tls.keyStore().toString());
                if (tls.password() != null) {
                    p.put("ssl.keystore.password", tls.password());
                }
            } else if (tls.privateKey() != null) {
                p.put("ssl.keystore.type", "PEM");
                p.put("ssl.keystore.certificate.chain", tls.certificateChain());
                p.put("ssl.keystore.key", tls.privateKey());
                if (tls.password() != null) {
                    p.put("ssl.key.password", tls.password());
                }
            }
        }
        if (sasl) {
            p.put("sasl.mechanism", s.sasl().kafkaName());
            p.put("sasl.jaas.config", s.sasl().loginModule() + " required username=\"" + quote(s.saslUsername())
                    + "\" password=\"" + quote(s.saslPassword()) + "\";");
        }
    }

    /** JAAS option values are double-quoted; a quote or backslash inside is escaped with a backslash. */
    static String quote(String v) {
        return v.replace("\\", "\\\\").replace("\"", "\\\"");
    }
}
