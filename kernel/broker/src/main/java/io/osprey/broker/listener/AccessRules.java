package io.osprey.broker.listener;

import java.net.InetAddress;
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

    /** {@code range} is {@code null} for {@code all}. */
    private record Rule(boolean allow, AddressRange range, String text) {
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
                out.add(new Rule(allow, null, text));
                continue;
            }
            try {
                out.add(new Rule(allow, AddressRange.parse(parts[1]), text));
            } catch (IllegalArgumentException ex) {
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
        for (Rule r : rules) {
            if (r.range == null || r.range.contains(address)) {
                return r.allow;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return rules.stream().map(Rule::text).toList().toString();
    }
}
