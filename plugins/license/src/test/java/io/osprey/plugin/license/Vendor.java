package io.osprey.plugin.license;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import io.osprey.plugin.license.tool.LicenseTool;

/** A test vendor: a key pair made with the license tool, and licenses issued with it, as the real vendor does. */
final class Vendor {

    private final Path dir;

    Vendor(Path dir) {
        this.dir = dir;
        tool("keygen", dir.resolve("vendor").toString());
    }

    Path publicKey() {
        return dir.resolve("vendor/license.pub");
    }

    Path privateKey() {
        return dir.resolve("vendor/license.key");
    }

    /**
     * @param expiry e.g. {@code +3s} or {@code 2099-12-31}
     * @param more   more tool options, e.g. {@code --valid-from 2099-01-01}
     */
    Path issue(String name, int maxConnections, String expiry, String... more) {
        Path out = dir.resolve(name);
        List<String> a = new ArrayList<>(List.of("issue", "--key", privateKey().toString(), "--customer", "ACME Corp",
                "--email", "ops@acme.example", "--edition", "official", "--max-connections",
                Integer.toString(maxConnections), "--expiry", expiry, "--out", out.toString(), "--id", name));
        a.addAll(List.of(more));
        tool(a.toArray(String[]::new));
        return out;
    }

    private static void tool(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = LicenseTool.run(List.of(args), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8), Clock.systemUTC());
        if (exit != 0) {
            throw new IllegalStateException("license-tool " + String.join(" ", args) + " failed: " + err);
        }
    }
}
