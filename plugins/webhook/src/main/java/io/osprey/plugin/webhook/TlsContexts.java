package io.osprey.plugin.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * Builds the TLS context of the HTTP client from the {@code ssl.} keys: PEM files as EMQX takes them (CA
 * certificates; a client certificate chain and its PKCS#8 key), or a PKCS#12 keystore ({@code .p12}/{@code .pfx}) as
 * the key file with {@code ssl.password}.
 */
final class TlsContexts {

    private static final Pattern PEM_KEY = Pattern.compile(
            "-----BEGIN ([A-Z ]*)PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END \\1PRIVATE KEY-----");

    private TlsContexts() {
    }

    /** A problem with one of the {@code ssl.} files: which key, and what is wrong. */
    static final class TlsException extends Exception {
        private static final long serialVersionUID = 1L;
        final String key;

        TlsException(String key, String message) {
            super(message);
            this.key = key;
        }
    }

    static SSLContext create(WebhookSettings.Tls tls) throws TlsException {
        TrustManager[] trust = trustManagers(tls);
        javax.net.ssl.KeyManager[] keys = null;
        if (tls.keyFile() != null) {
            keys = keyManagers(tls);
        }
        try {
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(keys, trust, null);
            return ctx;
        } catch (GeneralSecurityException e) {
            throw new TlsException("ssl.keyfile", "TLS could not be set up: " + e.getMessage());
        }
    }

    private static TrustManager[] trustManagers(WebhookSettings.Tls tls) throws TlsException {
        if (!tls.verify()) {
            return new TrustManager[] {new TrustAll()};
        }
        if (tls.caCertFile() == null) {
            return null; // the JVM's trusted CAs
        }
        try {
            KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
            ks.load(null, null);
            List<X509Certificate> cas = certificates(Path.of(tls.caCertFile()));
            if (cas.isEmpty()) {
                throw new TlsException("ssl.cacertfile", "no PEM certificate in the file");
            }
            for (int i = 0; i < cas.size(); i++) {
                ks.setCertificateEntry("ca-" + i, cas.get(i));
            }
            TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            tmf.init(ks);
            return tmf.getTrustManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsException("ssl.cacertfile", "not a PEM CA certificate file: " + e.getMessage());
        }
    }

    private static javax.net.ssl.KeyManager[] keyManagers(WebhookSettings.Tls tls) throws TlsException {
        char[] password = tls.password() == null ? new char[0] : tls.password().toCharArray();
        KeyStore ks;
        String lower = tls.keyFile().toLowerCase(Locale.ROOT);
        try {
            if (lower.endsWith(".p12") || lower.endsWith(".pfx")) {
                ks = KeyStore.getInstance("PKCS12");
                try (InputStream in = Files.newInputStream(Path.of(tls.keyFile()))) {
                    ks.load(in, password);
                }
            } else {
                PrivateKey key = pemKey(Path.of(tls.keyFile()));
                List<X509Certificate> chain = certificates(Path.of(tls.certFile()));
                if (chain.isEmpty()) {
                    throw new TlsException("ssl.certfile", "no PEM certificate in the file");
                }
                ks = KeyStore.getInstance("PKCS12");
                ks.load(null, null);
                ks.setKeyEntry("client", key, password, chain.toArray(new Certificate[0]));
            }
            KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
            kmf.init(ks, password);
            return kmf.getKeyManagers();
        } catch (IOException | GeneralSecurityException e) {
            throw new TlsException("ssl.keyfile", "not a usable client key: " + e.getMessage());
        }
    }

    /** Every certificate of a PEM file (or a DER file with one). */
    static List<X509Certificate> certificates(Path file) throws IOException, GeneralSecurityException {
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        List<X509Certificate> out = new ArrayList<>();
        try (InputStream in = Files.newInputStream(file)) {
            for (Certificate c : cf.generateCertificates(in)) {
                out.add((X509Certificate) c);
            }
        }
        return out;
    }

    /** An unencrypted PKCS#8 PEM key ({@code BEGIN PRIVATE KEY}), RSA, EC or EdDSA. */
    static PrivateKey pemKey(Path file) throws IOException, TlsException {
        Matcher m = PEM_KEY.matcher(Files.readString(file, StandardCharsets.US_ASCII));
        if (!m.find() || !m.group(1).isEmpty()) {
            throw new TlsException("ssl.keyfile", "expected an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY); "
                    + "convert with: openssl pkcs8 -topk8 -nocrypt -in key.pem -out key8.pem");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(2));
        for (String alg : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next algorithm
            }
        }
        throw new TlsException("ssl.keyfile", "not an RSA, EC or EdDSA PKCS#8 key");
    }

    /**
     * {@code ssl.verify = false}: any server certificate and host name is accepted (as EMQX's {@code verify_none}).
     * Being an extended trust manager, it also turns off the client's host name check.
     */
    private static final class TrustAll extends X509ExtendedTrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) {
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
