package io.osprey.backend.config;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

import io.osprey.api.config.ConfigReader;

/**
 * A server address from a {@code server} key: {@code host:port}, {@code [v6]:port}, or a host alone (the default port).
 * Host names are letters, digits, {@code .}, {@code _}, {@code -} only, so nothing else reaches a driver's URL.
 */
public record HostPort(String host, int port) {

    private static final Pattern HOST = Pattern.compile("[A-Za-z0-9._\\-]+|\\[[0-9A-Fa-f:.]+]");

    /** Reads one address; a bad one is reported in {@code r} and the default is returned. */
    public static HostPort read(ConfigReader r, String key, String def, int defaultPort) {
        String text = r.string(key, def);
        HostPort hp = parse(text, defaultPort);
        if (hp == null) {
            r.error(key, text, "host:port, such as " + def);
            return parse(def, defaultPort);
        }
        return hp;
    }

    /** Reads a comma-separated list of addresses (Redis Sentinel and Cluster seeds). */
    public static List<HostPort> readList(ConfigReader r, String key, String def, int defaultPort) {
        List<HostPort> out = new ArrayList<>();
        for (String item : r.list(key, def)) {
            HostPort hp = parse(item, defaultPort);
            if (hp == null) {
                r.error(key, String.valueOf(r.raw(key)), "a list of host:port, such as " + def);
                return List.of();
            }
            out.add(hp);
        }
        if (out.isEmpty()) {
            r.error(key, String.valueOf(r.raw(key)), "at least one host:port, such as " + def);
        }
        return out;
    }

    /** @return the address, or {@code null} when {@code text} is not one */
    public static HostPort parse(String text, int defaultPort) {
        String s = text.trim();
        String host = s;
        int port = defaultPort;
        int colon = s.lastIndexOf(':');
        if (colon > 0 && s.indexOf(']') < colon) {
            host = s.substring(0, colon);
            try {
                port = Integer.parseInt(s.substring(colon + 1));
            } catch (NumberFormatException e) {
                return null;
            }
        }
        if (!HOST.matcher(host).matches() || port < 1 || port > 65535) {
            return null;
        }
        return new HostPort(host, port);
    }

    @Override
    public String toString() {
        return host + ":" + port;
    }
}
