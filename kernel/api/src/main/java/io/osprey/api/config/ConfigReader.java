package io.osprey.api.config;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads one component's configuration with environment overrides and unit parsing.
 * <p>
 * Usage: create a reader over the properties ConfigAdmin delivered, read every key with a typed getter and a default,
 * then call {@link #check()}: it throws a {@link ConfigException} naming each bad value (file, line, key, value, what
 * was expected). Bad values read as their default, so a caller that prefers to go on can still use the results.
 * <p>
 * <b>Environment overrides.</b> Each key can be overridden with {@code OSPREY_<NAME>__<KEY>}: NAME is the config file
 * name without {@code osprey.} and {@code .cfg} (so {@code listener-tcp} for {@code etc/osprey.listener-tcp.cfg}),
 * both parts upper-cased with {@code .} and {@code -} written as {@code _}. Matching ignores case and treats
 * {@code .}, {@code -} and {@code _} alike. An override wins over the file.
 * <p>
 * <b>Units.</b> Durations: {@code 500ms}, {@code 15s}, {@code 5m}, {@code 2h}, {@code 1d}; a bare number is seconds.
 * Sizes: {@code 512}, {@code 64KB}, {@code 1MB}, {@code 2GB} (binary multiples). Booleans: on/off, true/false,
 * yes/no, enable/disable.
 */
public final class ConfigReader {

    /** ConfigAdmin property FileInstall sets to the URL of the file a configuration came from. */
    public static final String FILE_PROPERTY = "felix.fileinstall.filename";

    private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?", Pattern.CASE_INSENSITIVE);
    private static final Pattern SIZE = Pattern.compile("(\\d+)\\s*(b|kb|k|mb|m|gb|g)?", Pattern.CASE_INSENSITIVE);

    private final String name;
    private final Path file;
    private final Map<String, String> values;
    private final Map<String, String> envByNormalizedName;
    private final String envPrefix;
    private final List<ConfigError> errors = new ArrayList<>();
    private final Set<String> readKeys = new LinkedHashSet<>();
    private List<String> fileLines;

    private ConfigReader(String defaultName, Map<String, ?> properties, Map<String, String> env) {
        Map<String, String> v = new HashMap<>();
        Path f = null;
        if (properties != null) {
            for (Map.Entry<String, ?> e : properties.entrySet()) {
                if (e.getKey().equals(FILE_PROPERTY)) {
                    f = toPath(String.valueOf(e.getValue()));
                } else if (!isFrameworkKey(e.getKey()) && e.getValue() != null) {
                    v.put(e.getKey(), stringify(e.getValue()));
                }
            }
        }
        this.file = f;
        this.name = f != null ? nameOf(f) : defaultName;
        keepPlaceholders(f, v);
        this.values = v;
        this.envPrefix = "OSPREY_" + normalize(name) + "__";
        Map<String, String> envs = new HashMap<>();
        for (Map.Entry<String, String> e : env.entrySet()) {
            String n = normalize(e.getKey());
            if (n.startsWith(envPrefix)) {
                envs.put(n, e.getValue());
            }
        }
        this.envByNormalizedName = envs;
    }

    /**
     * The file loader (Felix FileInstall) replaces {@code ${name}} in values with framework properties, and unknown
     * names with nothing, so {@code key = ${clientid}} (EMQX's placeholder syntax, used in rules and templates)
     * would arrive empty. Values are meant literally here: for every value that contains {@code ${}} in the file,
     * the file's own text is used (read as a standard properties file, so {@code $\{clientid}} works too).
     */
    private static void keepPlaceholders(Path file, Map<String, String> values) {
        if (file == null || !Files.isReadable(file)) {
            return;
        }
        java.util.Properties literal = new java.util.Properties();
        try (java.io.Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            literal.load(r);
        } catch (IOException | IllegalArgumentException e) {
            return; // the loader reported the file; keep what it gave
        }
        for (String key : literal.stringPropertyNames()) {
            String text = literal.getProperty(key);
            if (text.contains("${") && values.containsKey(key)) {
                values.put(key, text);
            }
        }
    }

    /** A reader over {@code properties} with overrides from the process environment. */
    public static ConfigReader of(String defaultName, Map<String, ?> properties) {
        return new ConfigReader(defaultName, properties, System.getenv());
    }

    /**
     * @param defaultName the NAME used for environment overrides when the properties do not come from a file
     *                    (e.g. {@code broker}); otherwise NAME is derived from the file
     */
    public static ConfigReader of(String defaultName, Map<String, ?> properties, Map<String, String> env) {
        return new ConfigReader(defaultName, properties, env);
    }

    /** The component name used in environment variables, e.g. {@code listener-tcp}. */
    public String name() {
        return name;
    }

    /** The file the configuration came from, or {@code null}. */
    public Path file() {
        return file;
    }

    /** The environment variable that overrides {@code key}. */
    public String envName(String key) {
        return envPrefix + normalize(key);
    }

    // ---- typed getters -------------------------------------------------------------------------------------

    /** The raw value (environment first, then file), or {@code null} when neither sets it. */
    public String raw(String key) {
        readKeys.add(key);
        String env = envByNormalizedName.get(envName(key));
        if (env != null) {
            return env.trim();
        }
        String v = values.get(key);
        return v == null ? null : v.trim();
    }

    public boolean has(String key) {
        return raw(key) != null;
    }

    public String string(String key, String defaultValue) {
        String v = raw(key);
        return v == null ? defaultValue : v;
    }

    /** A string that must be one of {@code allowed} (case-insensitive); returned in lower case. */
    public String oneOf(String key, String defaultValue, String... allowed) {
        String v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        for (String a : allowed) {
            if (a.equalsIgnoreCase(v)) {
                return a;
            }
        }
        return fail(key, v, "one of " + String.join(", ", allowed), defaultValue);
    }

    public int integer(String key, int defaultValue, int min, int max) {
        return (int) longValue(key, defaultValue, min, max);
    }

    public long longValue(String key, long defaultValue, long min, long max) {
        String v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            long n = Long.parseLong(v.replace("_", ""));
            if (n < min || n > max) {
                return fail(key, v, "an integer from " + min + " to " + max, defaultValue);
            }
            return n;
        } catch (NumberFormatException e) {
            return fail(key, v, "an integer from " + min + " to " + max, defaultValue);
        }
    }

    public boolean bool(String key, boolean defaultValue) {
        String v = raw(key);
        if (v == null) {
            return defaultValue;
        }
        switch (v.toLowerCase(Locale.ROOT)) {
            case "on", "true", "yes", "enable", "enabled", "1":
                return true;
            case "off", "false", "no", "disable", "disabled", "0":
                return false;
            default:
                return fail(key, v, "on or off (also true/false, yes/no, enable/disable)", defaultValue);
        }
    }

    /** A duration such as {@code 15s}; {@code 0} is allowed and means "none" where the key says so. */
    public Duration duration(String key, String defaultValue) {
        String v = raw(key);
        Duration def = parseDuration(defaultValue);
        if (v == null) {
            return def;
        }
        Duration d = parseDuration(v);
        return d == null ? fail(key, v, "a duration such as 500ms, 15s, 5m, 2h or 1d", def) : d;
    }

    /** A size in bytes such as {@code 1MB}. */
    public long bytes(String key, String defaultValue, long min, long max) {
        String v = raw(key);
        long def = parseBytes(defaultValue);
        if (v == null) {
            return def;
        }
        long n = parseBytes(v);
        if (n < 0 || n < min || n > max) {
            return fail(key, v, "a size from " + min + " to " + max + " bytes, such as 512, 64KB or 1MB", def);
        }
        return n;
    }

    /** {@code host:port}, {@code :port} or {@code port} (host 0.0.0.0); IPv6 as {@code [::1]:1883}. */
    public InetSocketAddress hostPort(String key, String defaultValue) {
        String v = raw(key);
        InetSocketAddress def = parseHostPort(defaultValue);
        if (v == null) {
            return def;
        }
        InetSocketAddress a = parseHostPort(v);
        return a == null ? fail(key, v, "host:port with a port from 0 to 65535, such as 0.0.0.0:1883", def) : a;
    }

    /** A comma-separated list; empty items are dropped. */
    public List<String> list(String key, String defaultValue) {
        String v = raw(key);
        String s = v == null ? defaultValue : v;
        if (s == null || s.isBlank()) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        for (String part : s.split(",")) {
            if (!part.isBlank()) {
                out.add(part.trim());
            }
        }
        return out;
    }

    /**
     * All keys that start with {@code prefix} (from the file and the environment), with the prefix removed, sorted by
     * their numeric suffix where there is one — for EMQX-style grouped keys such as {@code access.1},
     * {@code hook.message.publish.2}. Environment names map back to keys in lower case with {@code _} read as
     * {@code .}.
     */
    public Map<String, String> group(String prefix) {
        Map<String, String> out = new TreeMap<>(ConfigReader::compareNatural);
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getKey().startsWith(prefix)) {
                readKeys.add(e.getKey());
                out.put(e.getKey().substring(prefix.length()), e.getValue().trim());
            }
        }
        String envGroup = envPrefix + normalize(prefix);
        for (Map.Entry<String, String> e : envByNormalizedName.entrySet()) {
            if (e.getKey().startsWith(envGroup)) {
                String suffix = e.getKey().substring(envGroup.length()).toLowerCase(Locale.ROOT).replace('_', '.');
                String existing = findKey(out, suffix);
                out.put(existing != null ? existing : suffix, e.getValue().trim());
            }
        }
        return out;
    }

    /** Record a bad value found by the caller's own parsing (e.g. a JSON rule), with the same reporting. */
    public void error(String key, String value, String expected) {
        fail(key, value, expected, null);
    }

    // ---- results -------------------------------------------------------------------------------------------

    public List<ConfigError> errors() {
        return Collections.unmodifiableList(errors);
    }

    /** Keys present in the file that no getter asked for (likely typos). */
    public Set<String> unknownKeys() {
        Set<String> unknown = new LinkedHashSet<>(values.keySet());
        unknown.removeAll(readKeys);
        return unknown;
    }

    /** @throws ConfigException if any value was bad */
    public void check() throws ConfigException {
        if (!errors.isEmpty()) {
            throw new ConfigException(errors);
        }
    }

    /** Where this configuration comes from, for log lines: the file, or {@code osprey.<name> (no file)}. */
    public String source() {
        return file != null ? file.toString() : "osprey." + name + " (no file)";
    }

    // ---- parsing helpers (public: plugins parse nested values the same way) ----------------------------------

    /** @return the duration, or {@code null} when {@code text} is not one */
    public static Duration parseDuration(String text) {
        if (text == null) {
            return null;
        }
        Matcher m = DURATION.matcher(text.trim());
        if (!m.matches()) {
            return null;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2).toLowerCase(Locale.ROOT);
        return switch (unit) {
            case "ms" -> Duration.ofMillis(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            case "d" -> Duration.ofDays(n);
            default -> Duration.ofSeconds(n);
        };
    }

    /** @return the size in bytes, or -1 when {@code text} is not one */
    public static long parseBytes(String text) {
        if (text == null) {
            return -1;
        }
        Matcher m = SIZE.matcher(text.trim());
        if (!m.matches()) {
            return -1;
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "b" : m.group(2).toLowerCase(Locale.ROOT);
        return switch (unit) {
            case "kb", "k" -> n * 1024L;
            case "mb", "m" -> n * 1024L * 1024L;
            case "gb", "g" -> n * 1024L * 1024L * 1024L;
            default -> n;
        };
    }

    /** @return the address (unresolved names are resolved), or {@code null} when {@code text} is not host:port */
    public static InetSocketAddress parseHostPort(String text) {
        if (text == null) {
            return null;
        }
        String s = text.trim();
        String host;
        String port;
        if (s.startsWith("[")) {
            int end = s.indexOf("]:");
            if (end < 0) {
                return null;
            }
            host = s.substring(1, end);
            port = s.substring(end + 2);
        } else {
            int colon = s.lastIndexOf(':');
            host = colon < 0 ? "0.0.0.0" : s.substring(0, colon);
            port = colon < 0 ? s : s.substring(colon + 1);
            if (host.isEmpty()) {
                host = "0.0.0.0";
            }
            if (host.indexOf(':') >= 0) {
                return null;
            }
        }
        try {
            int p = Integer.parseInt(port);
            if (p < 0 || p > 65535) {
                return null;
            }
            return new InetSocketAddress(InetAddress.getByName(host), p);
        } catch (NumberFormatException | IOException e) {
            return null;
        }
    }

    /** {@code OSPREY_FOO_BAR} style: upper case, {@code .} and {@code -} become {@code _}. */
    public static String normalize(String s) {
        return s.toUpperCase(Locale.ROOT).replace('.', '_').replace('-', '_');
    }

    // ---- internals -----------------------------------------------------------------------------------------

    private <T> T fail(String key, String value, String expected, T defaultValue) {
        String env = envByNormalizedName.get(envName(key));
        if (env != null) {
            errors.add(new ConfigError("environment " + envName(key), 0, key, value, expected));
        } else {
            errors.add(new ConfigError(source(), lineOf(key), key, value, expected));
        }
        return defaultValue;
    }

    private int lineOf(String key) {
        if (file == null) {
            return 0;
        }
        if (fileLines == null) {
            try {
                fileLines = Files.readAllLines(file, StandardCharsets.UTF_8);
            } catch (IOException e) {
                fileLines = List.of();
            }
        }
        Pattern p = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*[=:].*");
        for (int i = 0; i < fileLines.size(); i++) {
            if (p.matcher(fileLines.get(i)).matches()) {
                return i + 1;
            }
        }
        return 0;
    }

    private static String findKey(Map<String, String> map, String normalizedSuffix) {
        for (String k : map.keySet()) {
            if (normalize(k).equals(normalize(normalizedSuffix))) {
                return k;
            }
        }
        return null;
    }

    private static boolean isFrameworkKey(String key) {
        return key.startsWith("service.") || key.startsWith("component.") || key.startsWith("felix.")
                || key.startsWith("osgi.") || key.equals("objectClass");
    }

    private static String stringify(Object v) {
        if (v instanceof Object[] array) {
            return String.join(",", Arrays.stream(array).map(String::valueOf).toList());
        }
        if (v instanceof Iterable<?> it) {
            List<String> parts = new ArrayList<>();
            it.forEach(x -> parts.add(String.valueOf(x)));
            return String.join(",", parts);
        }
        return String.valueOf(v);
    }

    private static Path toPath(String location) {
        try {
            return location.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        } catch (RuntimeException e) {
            return Path.of(location);
        }
    }

    /** {@code .../osprey.listener-tcp.cfg} → {@code listener-tcp}. */
    static String nameOf(Path file) {
        String n = file.getFileName().toString();
        if (n.endsWith(".cfg")) {
            n = n.substring(0, n.length() - 4);
        } else if (n.endsWith(".config")) {
            n = n.substring(0, n.length() - 7);
        }
        if (n.startsWith("osprey.")) {
            n = n.substring(7);
        }
        return n;
    }

    private static int compareNatural(String a, String b) {
        String[] pa = a.split("\\.");
        String[] pb = b.split("\\.");
        for (int i = 0; i < Math.min(pa.length, pb.length); i++) {
            int c;
            if (pa[i].matches("\\d+") && pb[i].matches("\\d+")) {
                c = Long.compare(Long.parseLong(pa[i]), Long.parseLong(pb[i]));
            } else {
                c = pa[i].compareTo(pb[i]);
            }
            if (c != 0) {
                return c;
            }
        }
        return Integer.compare(pa.length, pb.length);
    }
}
