package io.osprey.plugin.aclfile;

import java.util.List;
import java.util.stream.Collectors;

/** The "Who" of an acl.conf rule: which clients it applies to. */
sealed interface Who {

    boolean matches(Subject s);

    /** How acl.conf writes it (for {@code ctl acl show}). */
    String text();

    /** {@code all}: every client. */
    record All() implements Who {
        @Override
        public boolean matches(Subject s) {
            return true;
        }

        @Override
        public String text() {
            return "all";
        }
    }

    /** {@code {user, "u"}}. */
    record User(String name) implements Who {
        @Override
        public boolean matches(Subject s) {
            return name.equals(s.username());
        }

        @Override
        public String text() {
            return "{user, " + AclRule.quote(name) + "}";
        }
    }

    /** {@code {client, "c"}}. */
    record Client(String id) implements Who {
        @Override
        public boolean matches(Subject s) {
            return id.equals(s.clientId());
        }

        @Override
        public String text() {
            return "{client, " + AclRule.quote(id) + "}";
        }
    }

    /** {@code {ipaddr, "CIDR"}} and {@code {ipaddrs, ["CIDR", …]}}. */
    record IpAddrs(List<Cidr> networks, boolean single) implements Who {
        @Override
        public boolean matches(Subject s) {
            for (Cidr c : networks) {
                if (c.contains(s.peerHost())) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String text() {
            if (single) {
                return "{ipaddr, " + AclRule.quote(networks.get(0).toString()) + "}";
            }
            return "{ipaddrs, [" + networks.stream().map(c -> AclRule.quote(c.toString()))
                    .collect(Collectors.joining(", ")) + "]}";
        }
    }

    /** {@code {'and', [Who, …]}}: every one matches. */
    record And(List<Who> all) implements Who {
        @Override
        public boolean matches(Subject s) {
            for (Who w : all) {
                if (!w.matches(s)) {
                    return false;
                }
            }
            return true;
        }

        @Override
        public String text() {
            return "{'and', [" + all.stream().map(Who::text).collect(Collectors.joining(", ")) + "]}";
        }
    }

    /** {@code {'or', [Who, …]}}: any one matches. */
    record Or(List<Who> any) implements Who {
        @Override
        public boolean matches(Subject s) {
            for (Who w : any) {
                if (w.matches(s)) {
                    return true;
                }
            }
            return false;
        }

        @Override
        public String text() {
            return "{'or', [" + any.stream().map(Who::text).collect(Collectors.joining(", ")) + "]}";
        }
    }
}
