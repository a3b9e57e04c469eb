package io.osprey.plugin.license.tool;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import io.osprey.plugin.license.format.KeyFiles;
import io.osprey.plugin.license.format.License;
import io.osprey.plugin.license.format.LicenseException;
import io.osprey.plugin.license.format.LicenseText;
import io.osprey.plugin.license.format.LicenseVerifier;
import io.osprey.plugin.license.format.SignedLicense;

/**
 * {@code verify --pub <license.pub> <file>}: prints the license and exits 0 only when it is well formed, signed by
 * that key, and in force now; otherwise exits 1 and says why.
 */
final class VerifyCommand {

    private VerifyCommand() {
    }

    static int run(List<String> words, PrintStream out, PrintStream err, Clock clock) throws UsageException {
        ToolArgs a = ToolArgs.parse(words, Set.of("pub"));
        if (a.positional().size() != 1) {
            throw new UsageException("verify needs one license file");
        }
        Path pubFile = Path.of(a.required("pub"));
        Path file = Path.of(a.positional().get(0));
        try {
            PublicKey key = KeyFiles.readPublic(pubFile);
            SignedLicense signed = LicenseText.parse(read(file), file.toString());
            License l = signed.license();
            LicensePrinter.line(out, "license", file.toAbsolutePath().normalize());
            LicensePrinter.print(l, out);
            if (!new LicenseVerifier(key, pubFile.toString()).matches(signed)) {
                LicensePrinter.line(out, "signature", "DOES NOT MATCH " + pubFile);
                err.println("License rejected: the signature does not match " + pubFile + " (the license was "
                        + "changed after it was signed, or signed with another key)");
                return 1;
            }
            LicensePrinter.line(out, "signature", "valid (" + KeyFiles.ALGORITHM + ", " + pubFile + ")");
            Instant now = clock.instant();
            LicensePrinter.line(out, "status", LicensePrinter.status(l, now));
            return l.isExpiredAt(now) || l.isNotYetValidAt(now) ? 1 : 0;
        } catch (LicenseException e) {
            err.println("License rejected: " + e.getMessage());
            return 1;
        }
    }

    private static String read(Path file) throws LicenseException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw new LicenseException(file + ": no such file");
        } catch (IOException e) {
            throw new LicenseException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }
}
