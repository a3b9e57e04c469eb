package io.osprey.plugin.license;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.osprey.plugin.license.format.KeyFiles;
import io.osprey.plugin.license.format.License;
import io.osprey.plugin.license.format.LicenseException;
import io.osprey.plugin.license.format.LicenseVerifier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Finds and verifies the license to use. At start it reads the installed copy ({@code data/licenses/osprey.lic},
 * written by reload and upload) and {@code license_file}; the installed copy wins unless it is not in force while
 * {@code license_file} is (so dropping a renewed {@code etc/osprey.lic} and restarting works too). The vendor public
 * key is read at every load, so a changed {@code public_key_file} applies at the next one.
 */
final class LicenseLoader {

    private static final Logger LOG = LoggerFactory.getLogger(LicenseLoader.class);
    /** Far more than any license; a bigger file is something else. */
    static final int MAX_BYTES = 64 * 1024;

    private final LicenseSettings settings;

    LicenseLoader(LicenseSettings settings) {
        this.settings = settings;
    }

    /** What applies at start; never fails: problems end in the fallback, described in the entitlement. */
    Entitlement load(Instant now) {
        int fallback = settings.fallbackMaxConnections();
        LicenseVerifier verifier;
        try {
            verifier = verifier();
        } catch (LicenseException e) {
            return Entitlement.none("cannot read the vendor public key: " + e.getMessage(), fallback);
        }
        List<String> problems = new ArrayList<>();
        Entitlement installed = read(settings.installedFile(), verifier, problems);
        Entitlement configured = settings.licenseFile().equals(settings.installedFile()) ? null
                : read(settings.licenseFile(), verifier, problems);
        if (installed != null && (configured == null || inForce(installed, now) || !inForce(configured, now))) {
            return installed;
        }
        if (configured != null) {
            if (installed != null) {
                LOG.warn("The installed license {} is {}; using {} instead", settings.installedFile(),
                        installed.status(now).label(), settings.licenseFile());
            }
            return configured;
        }
        if (problems.isEmpty()) {
            return Entitlement.none("no license file: " + settings.licenseFile() + " does not exist", fallback);
        }
        return Entitlement.none(String.join("; ", problems), fallback);
    }

    /**
     * Parses and verifies a license from any source (a file named on {@code ctl license reload}, an upload).
     *
     * @throws LicenseException naming the source and why the license cannot be used
     */
    License verify(byte[] content, String source) throws LicenseException {
        return verify(verifier(), content, source);
    }

    /** Reads a whole file for {@link #verify}. */
    static byte[] readFile(Path file) throws LicenseException {
        try {
            if (!Files.isRegularFile(file)) {
                throw new LicenseException(file + ": no such file");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new LicenseException(file + ": " + Files.size(file) + " bytes is too large for a license");
            }
            return Files.readAllBytes(file);
        } catch (IOException e) {
            throw new LicenseException(file + ": cannot be read (" + e.getMessage() + ")", e);
        }
    }

    private Entitlement read(Path file, LicenseVerifier verifier, List<String> problems) {
        if (!Files.exists(file)) {
            return null;
        }
        try {
            License l = verify(verifier, readFile(file), file.toString());
            return Entitlement.of(l, file.toString(), settings.fallbackMaxConnections());
        } catch (LicenseException e) {
            problems.add("rejected " + e.getMessage());
            return null;
        }
    }

    private static boolean inForce(Entitlement e, Instant now) {
        return e.status(now) == Entitlement.Status.VALID;
    }

    private LicenseVerifier verifier() throws LicenseException {
        return new LicenseVerifier(KeyFiles.readPublic(settings.publicKeyFile()), settings.publicKeyFile().toString());
    }

    private static License verify(LicenseVerifier verifier, byte[] content, String source)
            throws LicenseException {
        if (content.length > MAX_BYTES) {
            throw new LicenseException(source + ": " + content.length + " bytes is too large for a license");
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(content)).toString();
        } catch (CharacterCodingException e) {
            throw new LicenseException(source + ": not a license file (not UTF-8 text)");
        }
        return verifier.verify(text, source);
    }
}
