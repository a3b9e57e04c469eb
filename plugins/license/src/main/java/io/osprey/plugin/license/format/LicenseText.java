package io.osprey.plugin.license.format;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * The license file format (version 1): {@code key = value} lines, {@code #} comments, and a {@code signature} line.
 * <p>
 * The signature covers a canonical form of the facts, not the file's bytes: a fixed header line and then
 * {@code key=value\n} for every field in a fixed order, values as this class writes them. So line endings, comments
 * and spacing may change in transit (mail, Windows editors) without breaking a license, while any change to a fact
 * does. Unknown and repeated keys are refused, so nothing unsigned can pass for a signed fact.
 */
public final class LicenseText {

    /** The fields in their signed order; {@code nodes} is optional. */
    static final List<String> KEYS = List.of("format", "id", "customer", "email", "edition", "issued", "valid_from",
            "expiry", "max_connections", "nodes");
    static final String SIGNATURE = "signature";
    private static final String SIGNED_HEADER = "osprey-license\n";
    private static final int SIGNATURE_BYTES = 64;
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private LicenseText() {
    }

    /**
     * Reads a license file's text.
     *
     * @param source names the file in error messages, e.g. its path
     * @throws LicenseException naming the source, the line or key, and what is wrong
     */
    public static SignedLicense parse(String text, String source) throws LicenseException {
        Map<String, String> values = new HashMap<>();
        Map<String, Integer> lines = new HashMap<>();
        String[] all = text.replace("\uFEFF", "").split("\\R", -1);
        for (int i = 0; i < all.length; i++) {
            String line = all[i].trim();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            if (eq < 0) {
                throw new LicenseException(source + ": line " + (i + 1) + ": expected 'key = value', found '"
                        + abbreviate(line) + "'");
            }
            String key = line.substring(0, eq).trim();
            if (!KEYS.contains(key) && !key.equals(SIGNATURE)) {
                throw new LicenseException(source + ": line " + (i + 1) + ": unknown key '" + abbreviate(key) + "'");
            }
            Integer first = lines.putIfAbsent(key, i + 1);
            if (first != null) {
                throw new LicenseException(source + ": line " + (i + 1) + ": key '" + key
                        + "' appears twice (first on line " + first + ")");
            }
            values.put(key, line.substring(eq + 1).trim());
        }
        if (values.isEmpty()) {
            throw new LicenseException(source + ": not a license file (no 'key = value' lines)");
        }
        return new Fields(values, source).toSignedLicense();
    }

    /** The text of a license file, with a comment header; the inverse of {@link #parse}. */
    public static String render(License license, byte[] signature) {
        StringBuilder b = new StringBuilder();
        b.append("# Osprey license (format ").append(License.FORMAT).append(").\n");
        b.append("# Any change to the values below breaks the signature. Check it with:\n");
        b.append("#   bin/osprey license-tool verify --pub etc/license.pub <this file>\n");
        fields(license).forEach((k, v) -> b.append(k).append(" = ").append(v).append('\n'));
        b.append(SIGNATURE).append(" = ").append(Base64.getEncoder().encodeToString(signature)).append('\n');
        return b.toString();
    }

    /** The exact bytes the signature covers. */
    public static byte[] signedBytes(License license) {
        StringBuilder b = new StringBuilder(SIGNED_HEADER);
        fields(license).forEach((k, v) -> b.append(k).append('=').append(v).append('\n'));
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Checks that a license can be written and read back unchanged: the text fields must be one line each.
     *
     * @throws IllegalArgumentException naming the field that cannot be written
     */
    public static void checkWritable(License license) {
        if (!ID.matcher(license.id()).matches()) {
            throw new IllegalArgumentException("id '" + license.id() + "': expected 1 to 64 letters, digits, '.', "
                    + "'_' or '-'");
        }
        checkText("customer", license.customer());
        checkText("email", license.email());
        if (license.email().indexOf('@') < 1) {
            throw new IllegalArgumentException("email '" + license.email() + "': expected an address such as "
                    + "ops@example.com");
        }
        if (license.maxConnections() < 1) {
            throw new IllegalArgumentException("max_connections " + license.maxConnections() + ": expected 1 or more");
        }
        if (license.nodes() < 0) {
            throw new IllegalArgumentException("nodes " + license.nodes() + ": expected 1 or more");
        }
        if (!license.expiry().isAfter(license.validFrom())) {
            throw new IllegalArgumentException("expiry " + license.expiry() + " is not after valid_from "
                    + license.validFrom());
        }
    }

    private static void checkText(String key, String value) {
        if (value.isBlank() || !value.equals(value.trim()) || value.chars().anyMatch(Character::isISOControl)) {
            throw new IllegalArgumentException(key + " '" + value + "': expected one line of text without leading "
                    + "or trailing spaces");
        }
    }

    private static Map<String, String> fields(License l) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("format", Integer.toString(License.FORMAT));
        m.put("id", l.id());
        m.put("customer", l.customer());
        m.put("email", l.email());
        m.put("edition", l.edition().word());
        m.put("issued", seconds(l.issued()));
        m.put("valid_from", seconds(l.validFrom()));
        m.put("expiry", seconds(l.expiry()));
        m.put("max_connections", Integer.toString(l.maxConnections()));
        if (l.nodes() > 0) {
            m.put("nodes", Integer.toString(l.nodes()));
        }
        return m;
    }

    private static String seconds(Instant t) {
        return t.truncatedTo(ChronoUnit.SECONDS).toString();
    }

    private static String abbreviate(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "…";
    }

    /** The values of one file, converted field by field with errors that name the key. */
    private record Fields(Map<String, String> values, String source) {

        SignedLicense toSignedLicense() throws LicenseException {
            String format = required("format");
            if (!format.equals(Integer.toString(License.FORMAT))) {
                throw new LicenseException(source + ": format " + format + " is not supported: this version of "
                        + "Osprey reads license format " + License.FORMAT);
            }
            String id = required("id");
            if (!ID.matcher(id).matches()) {
                throw bad("id", id, "1 to 64 letters, digits, '.', '_' or '-'");
            }
            String email = required("email");
            if (email.indexOf('@') < 1) {
                throw bad("email", email, "an address such as ops@example.com");
            }
            String editionWord = required("edition");
            Edition edition = Edition.of(editionWord);
            if (edition == null) {
                throw bad("edition", editionWord, "trial or official");
            }
            Instant validFrom = instant("valid_from");
            Instant expiry = instant("expiry");
            if (!expiry.isAfter(validFrom)) {
                throw new LicenseException(source + ": expiry " + expiry + " is not after valid_from " + validFrom);
            }
            String nodes = values.get("nodes");
            License license = new License(id, required("customer"), email, edition, instant("issued"), validFrom,
                    expiry, positive("max_connections", required("max_connections")),
                    nodes == null ? 0 : positive("nodes", nodes));
            return new SignedLicense(license, signature());
        }

        private String required(String key) throws LicenseException {
            String v = values.get(key);
            if (v == null) {
                throw new LicenseException(source + ": missing key '" + key + "'");
            }
            if (v.isEmpty()) {
                throw bad(key, v, "a value");
            }
            return v;
        }

        private Instant instant(String key) throws LicenseException {
            String v = required(key);
            try {
                return Instant.parse(v);
            } catch (DateTimeParseException e) {
                throw bad(key, v, "a UTC time such as 2027-11-27T23:59:59Z");
            }
        }

        private int positive(String key, String v) throws LicenseException {
            try {
                int n = Integer.parseInt(v);
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // reported below
            }
            throw bad(key, v, "an integer from 1 to " + Integer.MAX_VALUE);
        }

        private byte[] signature() throws LicenseException {
            String v = values.get(SIGNATURE);
            if (v == null || v.isEmpty()) {
                throw new LicenseException(source + ": missing key 'signature' (the license is not signed)");
            }
            byte[] sig;
            try {
                sig = Base64.getDecoder().decode(v);
            } catch (IllegalArgumentException e) {
                throw bad(SIGNATURE, abbreviate(v), "Base64 text");
            }
            if (sig.length != SIGNATURE_BYTES) {
                throw new LicenseException(source + ": signature has " + sig.length + " bytes; an Ed25519 "
                        + "signature has " + SIGNATURE_BYTES);
            }
            return sig;
        }

        private LicenseException bad(String key, String value, String expected) {
            return new LicenseException(source + ": " + key + " = '" + value + "': expected " + expected);
        }
    }
}
