package io.osprey.bench.cli;

import java.nio.file.Path;

/**
 * Everything one run of the tool was asked to do, validated. Built by {@link CommandLine}.
 *
 * @param count             clients of the scenario's main role (see {@link Scenario#defaultCount()})
 * @param mqttVersion       protocol level: 4 (3.1.1) or 5
 * @param subQos            the QoS subscribers ask for
 * @param payloadSize       bytes per PUBLISH payload, at least {@link #MIN_PAYLOAD}
 * @param rate              messages per second per publisher; 0 sends as fast as the window/socket allows
 * @param durationSeconds   length of the measurement; 0 runs until interrupted
 * @param warmupSeconds     publishing before the measurement starts (not counted)
 * @param drainSeconds      how long to wait after publishing stops for acknowledgements and stragglers
 * @param connectRate       new connections per second; 0 = as fast as {@code connectConcurrency} allows
 * @param inflight          QoS 1/2 messages a publisher may have unacknowledged
 * @param window            messages a publisher may have on their way to this run's subscribers; 0 = no limit,
 *                          -1 = chosen from the scenario ({@link #defaultWindow})
 * @param threads           I/O threads of the generator
 * @param topic             publishers' topic pattern
 * @param filter            subscribers' filter pattern (without the {@code $share} prefix)
 * @param shareGroup        shared-subscription group, or {@code null}
 * @param startIndex        the first client index ({@code %i}), so that several generators can split a population
 */
public record BenchOptions(Scenario scenario, String host, int port, int mqttVersion, int qos, int subQos,
                           int payloadSize, int count, double rate, double durationSeconds, double warmupSeconds,
                           double drainSeconds, double connectRate, int connectConcurrency, int inflight, int window,
                           int keepAlive, int threads, boolean cleanStart, String clientIdPrefix, String username,
                           String password, String topic, String filter, String shareGroup, int startIndex,
                           Tls tls, WebSocket webSocket, boolean json, boolean quiet,
                           boolean reconnect) {

    /** The same options with a clean session/clean start on every CONNECT. */
    public BenchOptions withCleanStart() {
        return new BenchOptions(scenario, host, port, mqttVersion, qos, subQos, payloadSize, count, rate,
                durationSeconds, warmupSeconds, drainSeconds, connectRate, connectConcurrency, inflight, window,
                keepAlive, threads, true, clientIdPrefix, username, password, topic, filter, shareGroup, startIndex,
                tls, webSocket, json, quiet, reconnect);
    }

    /** The stamp each payload carries: magic, run id, publisher index, sequence number, send time. */
    public static final int MIN_PAYLOAD = 28;

    /**
     * TLS options.
     *
     * @param trustAll accept any server certificate (self-signed test brokers)
     * @param caFile   PEM file of the certificates to trust, or {@code null} for the JDK's defaults
     * @param certFile client certificate chain (PEM) for mutual TLS, or {@code null}
     * @param keyFile  its PKCS#8 private key (PEM)
     * @param noResume never resume a TLS session: every connection makes a full handshake
     * @param version  {@code TLSv1.3} or {@code TLSv1.2} only, or {@code null} for the engine's choice
     */
    public record Tls(boolean enabled, boolean trustAll, Path caFile, Path certFile, Path keyFile, boolean noResume,
                      String version) {
        public static final Tls OFF = new Tls(false, false, null, null, null, false, null);
    }

    /** MQTT over WebSocket: the HTTP path of the endpoint; the subprotocol is always {@code mqtt}. */
    public record WebSocket(boolean enabled, String path) {
        public static final WebSocket OFF = new WebSocket(false, "/mqtt");
    }

    /**
     * The end-to-end window when none is given: at most about 500 messages queued for any one subscriber (half of
     * the default queue limit of Mosquitto, {@code max_queued_messages}, and Osprey, {@code max_mqueue_len}) and about
     * 5,000 messages in flight in all, so that a closed-loop run measures delivery rather than queue overflow and
     * its latency stays meaningful; between 4 and 64 messages per publisher.
     *
     * @param publishersPerSubscriber the most publishers any one subscription hears
     * @param publishers              the run's publishers
     */
    public static int defaultWindow(int publishersPerSubscriber, int publishers) {
        int perSubscriber = 500 / Math.max(1, publishersPerSubscriber);
        int overall = 5000 / Math.max(1, publishers);
        return Math.max(4, Math.min(64, Math.min(perSubscriber, overall)));
    }

    public boolean v5() {
        return mqttVersion == 5;
    }

    public String versionLabel() {
        return v5() ? "5.0" : "3.1.1";
    }

    public boolean closedLoop() {
        return rate <= 0;
    }
}
