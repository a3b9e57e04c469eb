package io.osprey.backend.auth;

import java.net.InetAddress;
import java.net.UnknownHostException;

/** An address or network ({@code 10.0.0.0/8}, {@code 2001:db8::/32}) from the {@code ipaddr} column of mqtt_acl. */
public final class Cidr {

    private final byte[] network;
    private final int bits;

    private Cidr(byte[] network, int bits) {
        this.network = network;
        this.bits = bits;
    }

    /** @return the network, or {@code null} when {@code text} is not an IP address or CIDR */
    public static Cidr parse(String text) {
        String t = text.trim();
        int slash = t.indexOf('/');
        String addr = slash < 0 ? t : t.substring(0, slash);
        if (!addr.matches("[0-9A-Fa-f:.]+")) {
            return null; // never resolve names
        }
        try {
            byte[] a = InetAddress.getByName(addr).getAddress();
            int bits = slash < 0 ? a.length * 8 : Integer.parseInt(t.substring(slash + 1));
            if (bits < 0 || bits > a.length * 8) {
                return null;
            }
            return new Cidr(a, bits);
        } catch (UnknownHostException | NumberFormatException e) {
            return null;
        }
    }

    public boolean contains(String host) {
        if (host == null || !host.matches("[0-9A-Fa-f:.]+")) {
            return false;
        }
        byte[] a;
        try {
            a = InetAddress.getByName(host).getAddress();
        } catch (UnknownHostException e) {
            return false;
        }
        if (a.length != network.length) {
            return false;
        }
        int full = bits / 8;
        for (int i = 0; i < full; i++) {
            if (a[i] != network[i]) {
                return false;
            }
        }
        int rest = bits % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest) & 0xFF;
        return (a[full] & mask) == (network[full] & mask);
    }
}
