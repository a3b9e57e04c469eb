package io.osprey.bridge.core.tls;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import io.osprey.api.config.ConfigReader;

/**
 * TLS towards the remote side ({@code ssl = on} and the {@code ssl.*} keys of the Kafka and RabbitMQ bridges): the
 * CA that signed the servers' certificates, an optional client certificate, and host name verification. PEM files are read when the
 * configuration is read, so a missing or unreadable file is reported with its key at once; a PKCS#12 keystore
 * ({@code .p12}/{@code .pfx}) can stand for the client certificate and key.
 *
 * @param caCertificates PEM text of the trusted CA certificates, or {@code null} for the JVM's trust store
 * @param certificateChain PEM text of the client certificate chain, or {@code null}
 * @param privateKey PEM text of the client's PKCS#8 key, or {@code null}
 * @param keyStore a PKCS#12 file holding the client key and certificate, or {@code null}
 * @param password the password of the key or the keystore, or {@code null}
 */
public record TlsSettings(boolean enabled, String caCertificates, String certificateChain, String privateKey,
                          Path keyStore, String password, boolean verifyHostname) {

    public static final TlsSettings OFF = new TlsSettings(false, null, null, null, null, null, true);

    /** @param home the node's home folder, against which relative paths are resolved */
    public static TlsSettings read(ConfigReader r, Path home) {
        boolean enabled = r.bool("ssl", false);
        String ca = pem(r, "ssl.cacertfile", home);
        String keyfile = r.string("ssl.keyfile", null);
        String password = r.string("ssl.password", null);
        boolean verify = r.bool("ssl.verify_hostname", true);
        String chain = null;
        String key = null;
        Path keyStore = null;
        if (keyfile != null && !keyfile.isBlank()) {
            String lower = keyfile.toLowerCase(Locale.ROOT);
            if (lower.endsWith(".p12") || lower.endsWith(".pfx")) {
                keyStore = home.resolve(keyfile).normalize();
                if (!Files.isReadable(keyStore)) {
                    r.error("ssl.keyfile", keyfile, "a readable PKCS#12 file (" + keyStore + " cannot be read)");
                    keyStore = null;
                }
            } else {
                key = pem(r, "ssl.keyfile", home);
                chain = pem(r, "ssl.certfile", home);
                if (key != null && chain == null) {
                    r.error("ssl.certfile", "", "the client certificate chain (PEM) that goes with ssl.keyfile");
                }
            }
        } else if (r.string("ssl.certfile", null) != null) {
            r.error("ssl.keyfile", "", "the client's private key (PEM, PKCS#8) that goes with ssl.certfile");
        }
        if (!enabled) {
            return OFF;
        }
        return new TlsSettings(true, ca, chain, key, keyStore, password, verify);
    }

    private static String pem(ConfigReader r, String key, Path home) {
        String name = r.string(key, null);
        if (name == null || name.isBlank()) {
            return null;
        }
        Path file = home.resolve(name).normalize();
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            if (!text.contains("-----BEGIN ")) {
                r.error(key, name, "a PEM file (" + file + " has no -----BEGIN line)");
                return null;
            }
            return text;
        } catch (IOException e) {
            r.error(key, name, "a readable PEM file (" + file + ": " + e.getMessage() + ")");
            return null;
        }
    }

    @Override
    public String toString() {
        // never print key material or passwords
        return "TlsSettings{enabled=" + enabled + ", ca=" + (caCertificates != null) + ", clientCert="
                + (certificateChain != null || keyStore != null) + ", verifyHostname=" + verifyHostname + '}';
    }
}
