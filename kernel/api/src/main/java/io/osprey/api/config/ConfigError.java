package io.osprey.api.config;

/**
 * One bad configuration value.
 *
 * @param source   where the value came from: a file path, or {@code environment OSPREY_…}
 * @param line     1-based line in the file, or 0 when unknown or from the environment
 * @param key      the configuration key
 * @param value    the offending value as written
 * @param expected what would have been accepted
 */
public record ConfigError(String source, int line, String key, String value, String expected) {

    /** e.g. {@code etc/osprey.listener-tcp.cfg:3: bind = "x": expected host:port, such as 0.0.0.0:1883}. */
    public String describe() {
        String where = line > 0 ? source + ":" + line : source;
        return where + ": " + key + " = \"" + value + "\": expected " + expected;
    }

    @Override
    public String toString() {
        return describe();
    }
}
