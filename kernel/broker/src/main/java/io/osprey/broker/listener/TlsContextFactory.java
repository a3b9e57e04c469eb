package io.osprey.broker.listener;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.TrustManagerFactory;

import io.netty.handler.ssl.ClientAuth;
import io.netty.handler.ssl.OpenSsl;
import io.netty.handler.ssl.ReferenceCountedOpenSslEngine;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.SslProvider;
import io.netty.internal.tcnative.SSL;
import io.osprey.broker.config.ListenerSettings;

/**
 * Builds a listener's server {@link SslContext} from its TLS settings: PEM or PKCS#12 key material, protocol versions,
 * ciphers, session resumption, client certificates. Uses OpenSSL (netty-tcnative, BoringSSL) when it is available and
 * allowed, otherwise the JDK's engine.
 */
public final class TlsContextFactory {

    private static final String JDK_TICKETS_PROPERTY = "jdk.tls.server.enableSessionTicketExtension";
    /** Serialises the JDK contexts built with the property changed (not the interned property name: others see it). */
    private static final Object JDK_TICKETS_LOCK = new Object();

    private TlsContextFactory() {
    }

    /**
     * The last context built for each set of TLS settings, with the size and time of its files. Listeners with the
     * same settings (the default ssl and wss listeners) share one context: building one costs about 50 ms of CPU at
     * start-up. A changed certificate or key file makes a new context.
     */
    private static final Map<String, Built> BUILT = new ConcurrentHashMap<>();

    private record Built(List<String> stamps, SslContext context) {
    }

    /** @throws ListenerException naming the file or option that is wrong */
    public static SslContext build(ListenerSettings s) throws ListenerException {
        ListenerSettings.Tls t = s.tls();
        List<String> stamps = stamps(t);
        String key = contextKey(t);
        Built known = BUILT.get(key);
        if (known != null && known.stamps().equals(stamps)) {
            return known.context();
        }
        SslContext context = newContext(s);
        BUILT.put(key, new Built(stamps, context));
        return context;
    }

    /** The settings that make up a context (spelled out: a record's generated hashCode costs 15 ms on first use). */
    private static String contextKey(ListenerSettings.Tls t) {
        return t.keyfile() + "|" + t.certfile() + "|" + t.cacertfile() + "|" + t.password() + "|" + t.versions()
                + "|" + t.ciphers() + "|" + t.reuseSessions() + "|" + t.verifyPeer() + "|" + t.failIfNoPeerCert()
                + "|" + t.provider();
    }

    private static List<String> stamps(ListenerSettings.Tls t) {
        List<String> stamps = new ArrayList<>(3);
        for (Path f : new Path[] {t.keyfile(), t.certfile(), t.cacertfile()}) {
            try {
                stamps.add(f == null ? "-" : Files.size(f) + "/" + Files.getLastModifiedTime(f).toMillis());
            } catch (IOException e) {
                stamps.add("missing"); // newContext reports it
            }
        }
        return stamps;
    }

    private static SslContext newContext(ListenerSettings s) throws ListenerException {
        ListenerSettings.Tls t = s.tls();
        try {
            SslContextBuilder b;
            String key = t.keyfile().getFileName().toString().toLowerCase(Locale.ROOT);
            if (key.endsWith(".p12") || key.endsWith(".pfx")) {
                KeyStore ks = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(t.keyfile())) {
                    ks.load(in, t.password().toCharArray());
                }
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
                kmf.init(ks, t.password().toCharArray());
                b = SslContextBuilder.forServer(kmf);
            } else {
                b = SslContextBuilder.forServer(t.certfile().toFile(), t.keyfile().toFile(),
                        t.password().isEmpty() ? null : t.password());
                // Netty puts PEM key material into an in-memory key store; PKCS#12 would protect the key with
                // PBKDF2 (10 000 rounds per listener, about a second at startup on a small machine), JKS does not
                // need to: the store never leaves memory
                b.keyStoreType("JKS");
            }
            b.sslProvider(provider(t));
            b.protocols(protocols(t.versions()));
            if (!t.ciphers().isEmpty()) {
                b.ciphers(t.ciphers());
            }
            if (t.cacertfile() != null) {
                b.trustManager(t.cacertfile().toFile());
            } else if (!t.verifyPeer()) {
                // no client certificate is asked for, so nothing is verified: an empty trust store instead of the
                // JDK's default one, whose 140 CA certificates cost about 40 ms per context at start-up
                TrustManagerFactory none = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
                KeyStore empty = KeyStore.getInstance(KeyStore.getDefaultType());
                empty.load(null, null);
                none.init(empty);
                b.trustManager(none);
            }
            b.clientAuth(!t.verifyPeer() ? ClientAuth.NONE : t.failIfNoPeerCert() ? ClientAuth.REQUIRE
                    : ClientAuth.OPTIONAL);
            if (t.reuseSessions()) {
                // TLS 1.2 session ids: this cache; TLS 1.3 (and 1.2 tickets): stateless tickets, valid as long
                b.sessionCacheSize(20_480).sessionTimeout(86_400);
                return b.build();
            }
            b.sessionCacheSize(1).sessionTimeout(1);
            return new NoResumptionSslContext(provider(t) == SslProvider.JDK ? buildWithoutJdkTickets(b) : b.build());
        } catch (IOException | GeneralSecurityException | IllegalArgumentException e) {
            throw new ListenerException("Failed to start mqtt:" + s.name() + " listener on " + s.bindText()
                    + ": TLS key material (" + t.keyfile() + ", " + t.certfile() + "): " + e.getMessage(), e);
        }
    }

    /**
     * The JDK's engine decides whether to issue stateless session tickets when its SSL context is created, from a
     * system property and nothing else; the property is set only around that creation (serialised, and put back).
     */
    private static SslContext buildWithoutJdkTickets(SslContextBuilder b) throws SSLException {
        synchronized (JDK_TICKETS_LOCK) {
            String before = System.getProperty(JDK_TICKETS_PROPERTY);
            System.setProperty(JDK_TICKETS_PROPERTY, "false");
            try {
                return b.build();
            } finally {
                if (before == null) {
                    System.clearProperty(JDK_TICKETS_PROPERTY);
                } else {
                    System.setProperty(JDK_TICKETS_PROPERTY, before);
                }
            }
        }
    }

    /**
     * Loads OpenSSL (netty-tcnative) and the JDK's certificate and key parsers on a background thread, so that the
     * first TLS listener does not pay for it on the start-up path (about half a second on a small machine). Class
     * initialisation is thread-safe: a listener that comes first simply waits for it.
     */
    public static void warmUpInBackground() {
        Thread t = new Thread(() -> {
            try {
                OpenSsl.isAvailable();
                java.security.cert.CertificateFactory.getInstance("X.509");
                java.security.KeyFactory.getInstance("RSA");
                java.security.KeyFactory.getInstance("EC");
            } catch (GeneralSecurityException | RuntimeException | LinkageError e) {
                // only a warm-up: the listener reports real problems
            }
        }, "osprey-tls-warmup");
        t.setDaemon(true);
        t.start();
    }

    /**
     * Whether the handshake just completed on {@code engine} resumed an earlier session. Only OpenSSL can tell (the
     * JDK's engine has no such query): {@code false} there.
     */
    public static boolean sessionResumed(SSLEngine engine) {
        return engine instanceof ReferenceCountedOpenSslEngine openSsl && SSL.isSessionReused(openSsl.sslPointer());
    }

    /** Which engine a listener gets: OpenSSL when present (and not refused by {@code ssl_provider = jdk}). */
    public static SslProvider provider(ListenerSettings.Tls t) {
        return switch (t.provider()) {
            case "jdk" -> SslProvider.JDK;
            case "openssl" -> SslProvider.OPENSSL;
            default -> OpenSsl.isAvailable() ? SslProvider.OPENSSL : SslProvider.JDK;
        };
    }

    private static String[] protocols(List<String> versions) {
        List<String> out = new ArrayList<>();
        for (String v : versions) {
            switch (v.toLowerCase(Locale.ROOT).replace("_", ".")) {
                case "tlsv1.3" -> out.add("TLSv1.3");
                case "tlsv1.2" -> out.add("TLSv1.2");
                case "tlsv1.1" -> out.add("TLSv1.1");
                default -> throw new IllegalArgumentException("unknown TLS version " + v
                        + " (expected tlsv1.3, tlsv1.2)");
            }
        }
        return out.toArray(new String[0]);
    }
}
