package io.osprey.plugin.license.tool;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The vendor tool as the vendor runs it: keygen, issue, verify, with exit status and messages. */
class LicenseToolTest {

    static final Instant NOW = Instant.parse("2026-11-27T10:15:30Z");

    @TempDir
    Path dir;
    private Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    private String out;
    private String err;

    private int run(String... args) {
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        int exit = LicenseTool.run(List.of(args), new PrintStream(o, true, StandardCharsets.UTF_8),
                new PrintStream(e, true, StandardCharsets.UTF_8), clock);
        out = o.toString(StandardCharsets.UTF_8);
        err = e.toString(StandardCharsets.UTF_8);
        return exit;
    }

    @BeforeEach
    void keys() {
        assertThat(run("keygen", dir.resolve("keys").toString())).isZero();
    }

    /** Issues a license with sample values; {@code options} ({@code --name value} pairs) replace or add to them. */
    private int issue(String out, String... options) {
        Map<String, String> o = new LinkedHashMap<>();
        o.put("--key", dir.resolve("keys/license.key").toString());
        o.put("--customer", "ACME Corp");
        o.put("--email", "ops@acme.example");
        o.put("--edition", "official");
        o.put("--max-connections", "500");
        o.put("--expiry", "2027-11-27");
        o.put("--out", dir.resolve(out).toString());
        for (int i = 0; i < options.length; i += 2) {
            o.put(options[i], options[i + 1]);
        }
        List<String> a = new ArrayList<>(List.of("issue"));
        o.forEach((k, v) -> a.addAll(List.of(k, v)));
        return run(a.toArray(String[]::new));
    }

    private int verify(String file) {
        return run("verify", "--pub", dir.resolve("keys/license.pub").toString(), dir.resolve(file).toString());
    }

    @Test
    void keygen_writesBothFiles_andRefusesToOverwriteTheSecretKey() {
        assertThat(dir.resolve("keys/license.key")).exists();
        assertThat(dir.resolve("keys/license.pub")).exists();
        assertThat(run("keygen", dir.resolve("keys").toString())).isEqualTo(1);
        assertThat(err).contains("Not overwriting").contains("license.key");
    }

    @Test
    void issuedLicense_verifies_printsItsFields_andExits0() throws Exception {
        assertThat(issue("a.lic", "--nodes", "3", "--id", "acme-2026")).isZero();
        assertThat(verify("a.lic")).isZero();
        assertThat(out).contains("id               acme-2026", "customer         ACME Corp",
                "edition          official", "valid_from       2026-11-27T00:00:00Z",
                "expiry           2027-11-27T23:59:59Z", "max_connections  500", "nodes            3",
                "signature        valid", "status           valid, expires in 365 days");
    }

    @Test
    void relativeExpiry_countsSecondsFromNow() throws Exception {
        assertThat(issue("short.lic", "--expiry", "+5s")).isZero();
        assertThat(Files.readString(dir.resolve("short.lic"))).contains("expiry = 2026-11-27T10:15:35Z");
    }

    @Test
    void tamperedLicense_printsItsFields_butExits1WithTheReason() throws Exception {
        issue("a.lic");
        Path f = dir.resolve("a.lic");
        Files.writeString(f, Files.readString(f).replace("max_connections = 500", "max_connections = 5000"));
        assertThat(verify("a.lic")).isEqualTo(1);
        assertThat(out).contains("signature        DOES NOT MATCH");
        assertThat(err).contains("License rejected: the signature does not match");
    }

    @Test
    void malformedLicense_exits1WithFileLineAndReason() throws Exception {
        issue("a.lic");
        Path f = dir.resolve("a.lic");
        Files.writeString(f, Files.readString(f) + "bonus = yes\n");
        assertThat(verify("a.lic")).isEqualTo(1);
        assertThat(err).contains("License rejected: " + f + ": line 14: unknown key 'bonus'");
    }

    @Test
    void expiredOrFutureLicense_isAuthenticButExits1() {
        issue("old.lic", "--valid-from", "2020-01-01", "--expiry", "2021-01-01");
        assertThat(verify("old.lic")).isEqualTo(1);
        assertThat(out).contains("signature        valid", "status           EXPIRED at 2021-01-01T23:59:59Z");
        issue("future.lic", "--valid-from", "2030-01-01", "--expiry", "2031-01-01");
        assertThat(verify("future.lic")).isEqualTo(1);
        assertThat(out).contains("NOT YET VALID: in force from 2030-01-01T00:00:00Z");
    }

    @Test
    void wrongCommandLines_exit2WithTheProblemAndTheUsage() {
        assertThat(run("issue", "--key", "k")).isEqualTo(2);
        assertThat(err).contains("missing option --out").contains("Usage: osprey license-tool");
        assertThat(run("issue", "--edition", "trial", "--edition", "official")).isEqualTo(2);
        assertThat(err).contains("option --edition is given twice");
        assertThat(issue("a.lic", "--edition", "gold")).isEqualTo(2);
        assertThat(err).contains("--edition gold: expected trial or official");
        assertThat(issue("b.lic", "--max-connections", "0")).isEqualTo(2);
        assertThat(err).contains("--max-connections 0: expected an integer from 1 to 2147483647");
        assertThat(issue("b.lic", "--email", "nobody")).isEqualTo(2);
        assertThat(err).contains("email 'nobody': expected an address such as ops@example.com");
        assertThat(issue("c.lic", "--expiry", "soon")).isEqualTo(2);
        assertThat(err).contains("--expiry soon: expected a date such as 2027-11-27");
        assertThat(run("frobnicate")).isEqualTo(2);
        assertThat(run()).isEqualTo(2);
        assertThat(run("--help")).isZero();
    }

    @Test
    void missingVendorKey_exits1AndNamesTheFile() {
        assertThat(run("issue", "--key", dir.resolve("none.key").toString(), "--customer", "c", "--email", "e@x",
                "--edition", "trial", "--max-connections", "1", "--expiry", "+5s", "--out",
                dir.resolve("x.lic").toString())).isEqualTo(1);
        assertThat(err).contains("none.key: no such file");
    }
}
