package io.osprey.plugin.webhook;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import javax.net.ssl.SSLContext;

import io.osprey.api.config.ConfigReader;

/**
 * An immutable snapshot of {@code etc/osprey.webhook.cfg}. Keys follow EMQX 4.x's {@code emqx_web_hook.conf}
 * without its {@code web.hook.} prefix ({@code url}, {@code headers.<name>}, {@code ssl.*}, {@code pool_size},
 * {@code rule.<hook>.<n>}, {@code encoding_of_payload_field}), plus the delivery keys EMQX does not have: queue,
 * retries, timeouts, batching.
 *
 * @param url             where events are posted, or {@code null}: no url set, nothing is posted
 * @param headers         extra request headers, name and value, in file order
 * @param base64          {@code encoding_of_payload_field = base64}
 * @param tls             TLS options for an {@code https} url
 * @param pool            the most requests in flight at once (different clients in parallel)
 * @param maxQueueLen     the most events held (waiting, retrying or in flight); more are dropped and counted
 * @param maxRetries      times a failed request is sent again before its events are given up
 * @param retryInterval   wait before the first retry; it doubles after each failure …
 * @param maxRetryInterval … up to this
 * @param batchSize       events per request; above 1 the body is a JSON array
 * @param batchInterval   how long a batch may wait to fill up
 * @param drainTimeout    on unload or stop, how long pending events may take to go out
 * @param ssl             the TLS context built from {@code tls}, or {@code null} for the JVM's default
 */
record WebhookSettings(URI url, List<Map.Entry<String, String>> headers, boolean base64, Tls tls, Rules rules,
                       int pool, int maxQueueLen, int maxRetries, Duration retryInterval, Duration maxRetryInterval,
                       Duration connectTimeout, Duration requestTimeout, int batchSize, Duration batchInterval,
                       Duration drainTimeout, SSLContext ssl) {

    /** Headers the HTTP client sets itself and refuses from callers. */
    private static final Set<String> RESTRICTED = Set.of("connection", "content-length", "expect", "host", "upgrade");

    /**
     * TLS options of the {@code ssl.} keys: the CA file to verify the server with (else the JVM's trusted CAs), a
     * client certificate and key, and whether to verify at all.
     */
    record Tls(String caCertFile, String certFile, String keyFile, String password, boolean verify) {
    }

    /**
     * Reads every key; bad values are recorded in {@code r} (see {@link ConfigReader#errors()}) and read as their
     * defaults.
     *
     * @param home the node's home folder, against which relative file names are resolved
     */
    static WebhookSettings read(ConfigReader r, Path home) {
        URI url = url(r);
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        for (Map.Entry<String, String> h : r.group("headers.").entrySet()) {
            String name = h.getKey();
            if (RESTRICTED.contains(name.toLowerCase(Locale.ROOT)) || !name.matches("[!#$%&'*+.^_`|~0-9A-Za-z-]+")) {
                r.error("headers." + name, h.getValue(), "a header the HTTP client may send (not "
                        + String.join(", ", RESTRICTED) + ")");
            } else {
                headers.add(Map.entry(name, h.getValue()));
            }
        }
        boolean base64 = r.oneOf("encoding_of_payload_field", "plain", "plain", "base64").equals("base64");
        Tls tls = new Tls(file(r, "ssl.cacertfile", home), file(r, "ssl.certfile", home),
                file(r, "ssl.keyfile", home), r.string("ssl.password", null), r.bool("ssl.verify", true));
        boolean keystore = tls.keyFile() != null && tls.keyFile().toLowerCase(Locale.ROOT).matches(".*\\.(p12|pfx)");
        if (tls.certFile() != null && tls.keyFile() == null) {
            r.error("ssl.keyfile", "", "the key of ssl.certfile (a PKCS#8 PEM file or a .p12 keystore)");
            tls = new Tls(tls.caCertFile(), null, null, tls.password(), tls.verify());
        } else if (tls.keyFile() != null && tls.certFile() == null && !keystore) {
            r.error("ssl.certfile", "", "the certificate chain of ssl.keyfile (PEM)");
            tls = new Tls(tls.caCertFile(), null, null, tls.password(), tls.verify());
        }
        SSLContext ssl = null;
        boolean https = url != null && url.getScheme().equalsIgnoreCase("https");
        if (https || tls.caCertFile() != null || tls.keyFile() != null || !tls.verify()) {
            try {
                ssl = TlsContexts.create(tls);
            } catch (TlsContexts.TlsException e) {
                r.error(e.key, r.string(e.key, ""), e.getMessage());
            }
        }
        Rules rules = Rules.read(r);
        int pool = r.integer("pool_size", 32, 1, 1024);
        int maxQueueLen = r.integer("max_queue_len", 100_000, 1, 100_000_000);
        int maxRetries = r.integer("max_retries", 10, 0, 1_000_000);
        Duration retryInterval = positive(r, "retry_interval", "1s");
        Duration maxRetryInterval = positive(r, "max_retry_interval", "30s");
        if (maxRetryInterval.compareTo(retryInterval) < 0) {
            maxRetryInterval = retryInterval;
        }
        Duration connectTimeout = positive(r, "connect_timeout", "5s");
        Duration requestTimeout = positive(r, "request_timeout", "5s");
        int batchSize = r.integer("batch_size", 1, 1, 10_000);
        Duration batchInterval = r.duration("batch_interval", "100ms");
        Duration drainTimeout = r.duration("drain_timeout", "5s");
        return new WebhookSettings(url, List.copyOf(headers), base64, tls, rules, pool, maxQueueLen, maxRetries,
                retryInterval, maxRetryInterval, connectTimeout, requestTimeout, batchSize, batchInterval,
                drainTimeout, ssl);
    }

    /** Whether {@code other} needs another HTTP client (url, headers, TLS or timeouts changed). */
    boolean sameTransport(WebhookSettings other) {
        return java.util.Objects.equals(url, other.url) && headers.equals(other.headers) && tls.equals(other.tls)
                && connectTimeout.equals(other.connectTimeout) && requestTimeout.equals(other.requestTimeout);
    }

    /** The wait before retry number {@code attempt} (1 = the first retry): doubling, capped. */
    long backoffNanos(int attempt) {
        long base = retryInterval.toNanos();
        long cap = maxRetryInterval.toNanos();
        int shift = Math.min(Math.max(attempt - 1, 0), 30);
        long wait = base << shift;
        return wait <= 0 || wait > cap || (wait >> shift) != base ? cap : wait;
    }

    private static URI url(ConfigReader r) {
        String s = r.string("url", "");
        if (s.isEmpty()) {
            return null;
        }
        try {
            URI u = URI.create(s);
            String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && u.getHost() != null) {
                return u.getPath() == null || u.getPath().isEmpty() ? u.resolve("/") : u;
            }
        } catch (IllegalArgumentException e) {
            // reported below
        }
        r.error("url", s, "an http:// or https:// URL such as http://127.0.0.1:8080/webhook");
        return null;
    }

    private static String file(ConfigReader r, String key, Path home) {
        String v = r.string(key, "");
        if (v.isEmpty()) {
            return null;
        }
        Path p = home.resolve(v);
        if (!java.nio.file.Files.isReadable(p)) {
            r.error(key, v, "a readable file (relative names are read from " + home + ")");
            return null;
        }
        return p.toString();
    }

    private static Duration positive(ConfigReader r, String key, String def) {
        Duration d = r.duration(key, def);
        if (d.isZero() || d.isNegative()) {
            r.error(key, r.raw(key), "a duration above 0, such as " + def);
            return ConfigReader.parseDuration(def);
        }
        return d;
    }
}
