package io.osprey.testkit;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Key material for TLS tests, made for the run with the JDK's {@code keytool}: a self-signed EC certificate for
 * 127.0.0.1 and {@code localhost}, valid for two days, as PKCS#12 and as PEM files (the certificate doubles as the
 * CA file that trusts it).
 */
public final class TestPki {

    /** The password of every PKCS#12 file this class writes. */
    public static final String PASSWORD = "changeit";

    private TestPki() {
    }

    /** The files of one self-signed identity. */
    public record Identity(Path p12, Path certPem, Path keyPem) {
    }

    /** Writes {@code <name>.p12}, {@code <name>.pem} (certificate) and {@code <name>-key.pem} (PKCS#8) to {@code dir}. */
    public static Identity selfSigned(Path dir, String name) throws Exception {
        Path p12 = dir.resolve(name + ".p12");
        keytool("-genkeypair", "-alias", name, "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=" + name,
                "-ext", "san=ip:127.0.0.1,dns:localhost", "-validity", "2", "-keystore", p12.toString(),
                "-storetype", "PKCS12", "-storepass", PASSWORD);
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(p12)) {
            ks.load(in, PASSWORD.toCharArray());
        }
        Path cert = dir.resolve(name + ".pem");
        Path key = dir.resolve(name + "-key.pem");
        pem(cert, "CERTIFICATE", ks.getCertificate(name).getEncoded());
        pem(key, "PRIVATE KEY", ks.getKey(name, PASSWORD.toCharArray()).getEncoded());
        return new Identity(p12, cert, key);
    }

    private static void pem(Path file, String type, byte[] der) throws Exception {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
    }

    private static void keytool(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("keytool " + String.join(" ", args) + " failed:\n" + out);
        }
    }
}
