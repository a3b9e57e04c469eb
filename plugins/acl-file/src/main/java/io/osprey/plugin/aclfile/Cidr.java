package io.osprey.plugin.aclfile;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Arrays;

/** An IPv4 or IPv6 network ({@code 192.168.0.0/16}, {@code ::1}, {@code 10.0.0.1}); a bare address is a /32 or /128. */
final class Cidr {

    private final String text;
    private final byte[] network;
    private final int prefix;

    private Cidr(String text, byte[] network, int prefix) {
        this.text = text;
        this.network = network;
        this.prefix = prefix;
    }

    /** @throws IllegalArgumentException with a readable reason */
    static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String host = slash < 0 ? t : t.substring(0, slash);
        byte[] addr = literal(host);
        if (addr == null) {
            throw new IllegalArgumentException("not an IP address or CIDR: \"" + text + "\"");
        }
        int bits = addr.length * 8;
        int prefix = bits;
        if (slash >= 0) {
            try {
                prefix = Integer.parseInt(t.substring(slash + 1));
            } catch (NumberFormatException e) {
                prefix = -1;
            }
            if (prefix < 0 || prefix > bits) {
                throw new IllegalArgumentException("bad prefix length in \"" + text + "\" (0 to " + bits + ")");
            }
        }
        return new Cidr(t, mask(addr, prefix), prefix);
    }

    boolean contains(String address) {
        if (address == null) {
            return false;
        }
        byte[] a = literal(address);
        if (a == null) {
            return false;
        }
        if (a.length == 16 && network.length == 4 && isV4Mapped(a)) {
            a = Arrays.copyOfRange(a, 12, 16); // ::ffff:10.0.0.1 is 10.0.0.1
        }
        return a.length == network.length && Arrays.equals(mask(a, prefix), network);
    }

    /** The bytes of an IP address literal, or {@code null}; never a DNS lookup. */
    static byte[] literal(String host) {
        boolean v4 = host.matches("\\d{1,3}(\\.\\d{1,3}){3}");
        boolean v6 = host.indexOf(':') >= 0 && host.matches("[0-9a-fA-F:.%a-zA-Z0-9]+");
        if (!v4 && !v6) {
            return null;
        }
        if (v4) {
            for (String part : host.split("\\.")) {
                if (Integer.parseInt(part) > 255) {
                    return null;
                }
            }
        }
        try {
            return InetAddress.getByName(host).getAddress(); // a literal: resolved without DNS
        } catch (UnknownHostException e) {
            return null;
        }
    }

    private static boolean isV4Mapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static byte[] mask(byte[] addr, int prefix) {
        byte[] out = addr.clone();
        for (int i = 0; i < out.length; i++) {
            int keep = Math.max(0, Math.min(8, prefix - i * 8));
            out[i] &= (byte) (0xff << (8 - keep));
        }
        return out;
    }

    @Override
    public String toString() {
        return text;
    }
}
