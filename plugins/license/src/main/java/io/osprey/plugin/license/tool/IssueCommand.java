package io.osprey.plugin.license.tool;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import io.osprey.plugin.license.format.Edition;
import io.osprey.plugin.license.format.KeyFiles;
import io.osprey.plugin.license.format.License;
import io.osprey.plugin.license.format.LicenseException;
import io.osprey.plugin.license.format.LicenseSigner;
import io.osprey.plugin.license.format.LicenseText;

/**
 * {@code issue}: signs a license with the vendor key and writes it. Unless {@code --valid-from} says otherwise a
 * license is in force from the start of its issue day (UTC), so a customer clock a little behind the vendor's does
 * not reject a fresh license.
 */
final class IssueCommand {

    private static final Set<String> OPTIONS = Set.of("key", "customer", "email", "edition", "max-connections",
            "expiry", "out", "valid-from", "nodes", "id");

    private IssueCommand() {
    }

    static int run(List<String> words, PrintStream out, PrintStream err, Clock clock) throws UsageException {
        ToolArgs a = ToolArgs.parse(words, OPTIONS);
        if (!a.positional().isEmpty()) {
            throw new UsageException("issue takes no argument '" + a.positional().get(0) + "'");
        }
        Path keyFile = Path.of(a.required("key"));
        Path outFile = Path.of(a.required("out"));
        Edition edition = Edition.of(a.required("edition"));
        if (edition == null) {
            throw new UsageException("--edition " + a.required("edition") + ": expected trial or official");
        }
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        String validFromArg = a.optional("valid-from");
        Instant validFrom = validFromArg == null ? now.truncatedTo(ChronoUnit.DAYS)
                : TimeArg.startOf("valid-from", validFromArg, clock);
        Instant expiry = TimeArg.endOf("expiry", a.required("expiry"), clock);
        String id = a.optional("id") == null ? UUID.randomUUID().toString() : a.optional("id");
        License license = new License(id, a.required("customer").trim(), a.required("email").trim(), edition, now,
                validFrom, expiry, a.positiveInt("max-connections", 0), a.positiveInt("nodes", 0));
        if (license.maxConnections() == 0) {
            throw new UsageException("missing option --max-connections");
        }
        try {
            LicenseText.checkWritable(license);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
        String text;
        try {
            PrivateKey key = KeyFiles.readPrivate(keyFile);
            text = LicenseSigner.sign(license, key);
        } catch (LicenseException e) {
            err.println("Cannot read the vendor key: " + e.getMessage());
            return 1;
        }
        try {
            Path parent = outFile.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(outFile, text, StandardCharsets.UTF_8);
        } catch (IOException e) {
            err.println("Cannot write " + outFile + ": " + e.getMessage());
            return 1;
        }
        out.println("Wrote " + outFile.toAbsolutePath().normalize());
        LicensePrinter.print(license, out);
        return 0;
    }
}
