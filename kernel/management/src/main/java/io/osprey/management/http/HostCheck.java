package io.osprey.management.http;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;

/**
 * Which {@code Host} headers the API answers: against DNS rebinding, where a web page on {@code evil.example}
 * re-points its name at 127.0.0.1 so that the visitor's browser talks to the loopback API as "same origin". A request
 * names this node only if its host is
 * <ul>
 * <li>an IP address equal to the address the connection arrived on (the bind address, or the interface when bound to
 * all), or {@code localhost} on a loopback connection, or</li>
 * <li>a name the operator listed in {@code allowed_hosts} (the names the API is reached by, for example behind a
 * reverse proxy); {@code *} turns the check off.</li>
 * </ul>
 * The port is not compared: a browser cannot be made to send a foreign IP address as the host of a page it loaded by
 * name.
 */
final class HostCheck {

    private final List<String> allowedHosts;

    HostCheck(List<String> allowedHosts) {
        this.allowedHosts = allowedHosts.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
    }

    /** @param hostHeader the Host header ({@code name[:port]}, {@code [v6]:port}); {@code null} when missing */
    boolean allows(String hostHeader, InetAddress local) {
        if (allowedHosts.contains("*")) {
            return true;
        }
        if (hostHeader == null || hostHeader.isBlank()) {
            return false;
        }
        String host = hostOf(hostHeader.trim()).toLowerCase(Locale.ROOT);
        if (allowedHosts.contains(host)) {
            return true;
        }
        if (host.equals("localhost")) {
            return local.isLoopbackAddress();
        }
        InetAddress literal = literal(host);
        return literal != null && same(literal, local);
    }

    private static String hostOf(String header) {
        if (header.startsWith("[")) {
            int end = header.indexOf(']');
            return end < 0 ? header : header.substring(1, end);
        }
        int colon = header.indexOf(':');
        return colon >= 0 && header.indexOf(':', colon + 1) < 0 ? header.substring(0, colon) : header;
    }

    /** The address written in {@code host}, or {@code null} for a name (names are never looked up). */
    private static InetAddress literal(String host) {
        boolean v4 = host.matches("[0-9]{1,3}(\\.[0-9]{1,3}){3}");
        boolean v6 = host.contains(":") && host.matches("[0-9a-f:.%a-z]+");
        if (!v4 && !v6) {
            return null;
        }
        try {
            return InetAddress.getByName(host);
        } catch (UnknownHostException e) {
            return null;
        }
    }

    /** Equal addresses, reading an IPv4-mapped IPv6 address as its IPv4 address. */
    private static boolean same(InetAddress a, InetAddress b) {
        return unmapped(a).equals(unmapped(b));
    }

    private static InetAddress unmapped(InetAddress a) {
        if (a instanceof Inet6Address v6) {
            byte[] b = v6.getAddress();
            boolean mapped = true;
            for (int i = 0; i < 10; i++) {
                mapped &= b[i] == 0;
            }
            if (mapped && b[10] == (byte) 0xFF && b[11] == (byte) 0xFF) {
                try {
                    return Inet4Address.getByAddress(new byte[] {b[12], b[13], b[14], b[15]});
                } catch (UnknownHostException e) {
                    return a;
                }
            }
        }
        return a;
    }
}
