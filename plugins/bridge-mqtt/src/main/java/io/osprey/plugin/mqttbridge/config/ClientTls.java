package io.osprey.plugin.mqttbridge.config;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import io.osprey.api.config.ConfigReader;

/**
 * TLS towards the remote broker, with EMQX's keys: {@code ssl = on}, {@code cacertfile} (the CA that signed the
 * remote's certificate; the JVM's trust store when absent), {@code certfile} + {@code keyfile} (a client certificate,
 * which AWS IoT and Azure IoT Hub require), {@code verify = verify_peer | verify_none}, {@code server_name_indication}
 * (the name sent in SNI and checked in the certificate; default the host of {@code address}, {@code disable} for
 * none; like every TLS stack, SNI goes out only for names with a dot, never for {@code localhost} or an IP
 * address), {@code alpn} (protocols offered, e.g. {@code x-amzn-mqtt-ca} for AWS IoT on port 443) and
 * {@code tls_versions}.
 *
 * @param serverName the SNI name, {@code ""} for none, {@code null} for the address's host
 */
public record ClientTls(boolean enabled, Path cacertfile, Path certfile, Path keyfile, String keyPassword,
                        boolean verify, String serverName, List<String> alpn, List<String> versions,
                        List<String> ciphers) {

    public static final ClientTls OFF = new ClientTls(false, null, null, null, null, true, null, List.of(),
            List.of(), List.of());

    static ClientTls read(ConfigReader r, Path home) {
        boolean enabled = r.bool("ssl", false);
        Path ca = file(r, "cacertfile", home);
        Path cert = file(r, "certfile", home);
        Path key = file(r, "keyfile", home);
        boolean noCert = r.string("certfile", "").isBlank();
        if (noCert != r.string("keyfile", "").isBlank()) {
            r.error(noCert ? "certfile" : "keyfile", "", "certfile and keyfile together (the client certificate "
                    + "chain and its PKCS#8 key, PEM)");
        }
        String password = r.string("keyfile_password", null);
        boolean verify = r.oneOf("verify", "verify_peer", "verify_peer", "verify_none").equals("verify_peer");
        String sni = r.string("server_name_indication", null);
        if (sni != null && (sni.equalsIgnoreCase("disable") || sni.isBlank())) {
            sni = "";
        }
        List<String> alpn = r.list("alpn", "");
        List<String> versions = r.list("tls_versions", "tlsv1.3,tlsv1.2");
        for (String v : versions) {
            if (!List.of("tlsv1.3", "tlsv1.2", "tlsv1.1", "tlsv1").contains(v.toLowerCase(Locale.ROOT))) {
                r.error("tls_versions", String.join(",", versions), "tlsv1.3, tlsv1.2, tlsv1.1 or tlsv1, separated "
                        + "by commas; not " + v);
                versions = List.of("tlsv1.3", "tlsv1.2");
                break;
            }
        }
        List<String> ciphers = r.list("ciphers", "");
        if (!enabled) {
            return OFF;
        }
        return new ClientTls(true, ca, cert, key, password, verify, sni, List.copyOf(alpn), List.copyOf(versions),
                List.copyOf(ciphers));
    }

    private static Path file(ConfigReader r, String key, Path home) {
        String name = r.string(key, null);
        if (name == null || name.isBlank()) {
            return null;
        }
        Path f = home.resolve(name).normalize();
        if (!Files.isReadable(f)) {
            r.error(key, name, "a readable PEM file (" + f + " cannot be read)");
            return null;
        }
        return f;
    }

    /** JDK names of the protocol versions, e.g. {@code TLSv1.3}. */
    public String[] jdkVersions() {
        return versions.stream().map(v -> "TLSv" + v.substring(4)).toArray(String[]::new);
    }

    @Override
    public String toString() {
        // never print key passwords
        return "ClientTls{enabled=" + enabled + ", ca=" + cacertfile + ", cert=" + certfile + ", verify=" + verify
                + ", sni=" + serverName + ", alpn=" + alpn + '}';
    }
}
