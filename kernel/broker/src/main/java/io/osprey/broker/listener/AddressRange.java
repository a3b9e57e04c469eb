package io.osprey.broker.listener;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

/**
 * An IPv4 or IPv6 address range in CIDR notation ({@code 10.0.0.0/8}, {@code ::1}; a plain address is a range of
 * one). Used by a listener's {@code access.<n>} rules and its {@code proxy_protocol_trusted} list.
 */
public record AddressRange(byte[] network, int prefix, String text) {

    /**
     * @throws IllegalArgumentException when {@code text} is not an IP address or CIDR range (host names are refused:
     *                                  no DNS lookups while a configuration is read)
     */
    public static AddressRange parse(String text) {
        String t = text.trim();
        String[] cidr = t.split("/", -1);
        if (cidr.length > 2 || cidr[0].isEmpty() || !(cidr[0].contains(":") || cidr[0].matches("[0-9.]+"))) {
            throw new IllegalArgumentException("not an IP address or CIDR range: " + t);
        }
        try {
            byte[] network = InetAddress.getByName(cidr[0]).getAddress();
            int prefix = cidr.length > 1 ? Integer.parseInt(cidr[1]) : network.length * 8;
            if (prefix < 0 || prefix > network.length * 8) {
                throw new IllegalArgumentException("prefix out of range: " + t);
            }
            return new AddressRange(network, prefix, t);
        } catch (UnknownHostException | NumberFormatException e) {
            throw new IllegalArgumentException("not an IP address or CIDR range: " + t);
        }
    }

    /** A comma-separated list of ranges; empty text gives an empty list. */
    public static List<AddressRange> parseList(String text) {
        List<AddressRange> out = new ArrayList<>();
        for (String part : text.split(",")) {
            if (!part.isBlank()) {
                out.add(parse(part));
            }
        }
        return List.copyOf(out);
    }

    /** Is {@code address} in one of {@code ranges}? */
    public static boolean anyContains(List<AddressRange> ranges, InetAddress address) {
        for (AddressRange r : ranges) {
            if (r.contains(address)) {
                return true;
            }
        }
        return false;
    }

    public boolean contains(InetAddress address) {
        byte[] a = address.getAddress();
        if (network.length != a.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (network[i] != a[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest);
        return (network[full] & mask) == (a[full] & mask);
    }

    @Override
    public String toString() {
        return text;
    }
}
