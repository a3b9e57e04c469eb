package io.osprey.broker.listener;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A listener's {@code access.<n> = allow|deny <what>} rules, EMQX style: the first rule whose address range contains
 * the client's address decides; with no match the client is allowed. {@code <what>} is {@code all}, an address, or a
 * CIDR range (IPv4 or IPv6).
 */
public final class AccessRules {

    public static final AccessRules ALLOW_ALL = new AccessRules(List.of());

    private record Rule(boolean allow, byte[] network, int prefix, String text) {
    }

    private final List<Rule> rules;

    private AccessRules(List<Rule> rules) {
        this.rules = rules;
    }

    /**
     * @param numbered the {@code access.} group, already in numeric order
     * @throws IllegalArgumentException naming the rule that cannot be read
     */
    public static AccessRules parse(Map<String, String> numbered) {
        List<Rule> out = new ArrayList<>();
        for (Map.Entry<String, String> e : numbered.entrySet()) {
            String text = e.getValue().trim();
            String[] parts = text.split("\\s+");
            if (parts.length != 2) {
                throw new IllegalArgumentException("access." + e.getKey() + " = " + text);
            }
            boolean allow = switch (parts[0].toLowerCase(Locale.ROOT)) {
                case "allow" -> true;
                case "deny" -> false;
                default -> throw new IllegalArgumentException("access." + e.getKey() + " = " + text);
            };
            if (parts[1].equalsIgnoreCase("all")) {
                out.add(new Rule(allow, null, 0, text));
                continue;
            }
            String[] cidr = parts[1].split("/");
            try {
                byte[] network = InetAddress.getByName(cidr[0]).getAddress();
                int prefix = cidr.length > 1 ? Integer.parseInt(cidr[1]) : network.length * 8;
                if (prefix < 0 || prefix > network.length * 8) {
                    throw new IllegalArgumentException("access." + e.getKey() + " = " + text);
                }
                out.add(new Rule(allow, network, prefix, text));
            } catch (UnknownHostException | NumberFormatException ex) {
                throw new IllegalArgumentException("access." + e.getKey() + " = " + text);
            }
        }
        return new AccessRules(List.copyOf(out));
    }

    public boolean isEmpty() {
        return rules.isEmpty();
    }

    /** @return {@code true} when the first matching rule allows {@code address}, or none matches */
    public boolean allows(InetAddress address) {
        byte[] a = address.getAddress();
        for (Rule r : rules) {
            if (r.network == null || matches(r.network, r.prefix, a)) {
                return r.allow;
            }
        }
        return true;
    }

    private static boolean matches(byte[] network, int prefix, byte[] address) {
        if (network.length != address.length) {
            return false;
        }
        int full = prefix / 8;
        for (int i = 0; i < full; i++) {
            if (network[i] != address[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = 0xFF << (8 - rest);
        return (network[full] & mask) == (address[full] & mask);
    }

    @Override
    public String toString() {
        return rules.stream().map(Rule::text).toList().toString();
    }
}
