package io.osprey.bench.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Parses {@code <scenario> [options]} into {@link BenchOptions}. Options are GNU style ({@code --size 64},
 * {@code --size=64}, {@code -s 64}); every mistake is reported as an {@link IllegalArgumentException} whose message
 * names the option and what it expects, so that the user can fix the command line without reading the code.
 */
public final class CommandLine {

    private final Map<String, String> values = new HashMap<>();
    private final Scenario scenario;

    private CommandLine(Scenario scenario) {
        this.scenario = scenario;
    }

    /** @return the options, or {@code null} when the arguments ask for help */
    public static BenchOptions parse(List<String> args) {
        if (args.isEmpty() || isHelp(args.get(0))) {
            return null;
        }
        Scenario sc = Scenario.find(args.get(0).toLowerCase(Locale.ROOT));
        if (sc == null) {
            throw new IllegalArgumentException("unknown scenario '" + args.get(0) + "' (expected one of: conn, pub, sub, "
                    + "fanin, fanout, p2p)");
        }
        CommandLine cl = new CommandLine(sc);
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (isHelp(a)) {
                return null;
            }
            String name;
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                name = a.substring(2, eq);
                value = a.substring(eq + 1);
            } else if (a.startsWith("--")) {
                name = a.substring(2);
            } else if (a.startsWith("-") && a.length() == 2) {
                name = Option.longName(a.charAt(1));
                if (name == null) {
                    throw new IllegalArgumentException("unknown option " + a);
                }
            } else {
                throw new IllegalArgumentException("unexpected argument '" + a + "'");
            }
            Option o = Option.find(name);
            if (o == null) {
                throw new IllegalArgumentException("unknown option --" + name);
            }
            if (o.flag) {
                if (value != null) {
                    throw new IllegalArgumentException("--" + o.name + " takes no value");
                }
                value = "true";
            } else if (value == null) {
                if (i + 1 >= args.size()) {
                    throw new IllegalArgumentException("--" + o.name + " needs a value: " + o.help);
                }
                value = args.get(++i);
            }
            cl.values.put(o.canonical(), value);
        }
        return cl.build();
    }

    private static boolean isHelp(String a) {
        return a.equals("--help") || a.equals("-?") || a.equals("help");
    }

    private BenchOptions build() {
        int qos = integer("qos", 0, 0, 2);
        boolean ws = flag("ws");
        boolean tls = flag("tls") || values.containsKey("cafile") || values.containsKey("cert") || flag("insecure")
                || flag("tls-no-resume") || values.containsKey("tls-version");
        int count = integer("count", scenario.defaultCount(), 1, 10_000_000);
        double rate = decimal("rate", 0);
        double connectRate = decimal("connect-rate", 0);
        if (scenario == Scenario.CONN) {
            // for conn, --rate is the connection rate: "open C connections at a given rate"
            connectRate = values.containsKey("rate") ? rate : connectRate;
            rate = 0;
        }
        int size = integer("size", 64, 0, 256 * 1024 * 1024);
        if (scenario.publishes() && size < BenchOptions.MIN_PAYLOAD) {
            throw new IllegalArgumentException("--size " + size + ": a payload must have at least "
                    + BenchOptions.MIN_PAYLOAD + " bytes to carry the sequence number and the send time");
        }
        Path cert = path("cert");
        Path key = path("key");
        if ((cert == null) != (key == null)) {
            throw new IllegalArgumentException("--cert and --key go together (client certificate and its key)");
        }
        String path = values.getOrDefault("ws-path", "/mqtt");
        if (!path.startsWith("/")) {
            throw new IllegalArgumentException("--ws-path '" + path + "': expected a path starting with /");
        }
        String group = values.get("share");
        if (group != null && (group.isEmpty() || group.contains("/") || group.contains("+") || group.contains("#"))) {
            throw new IllegalArgumentException("--share '" + group + "': a group name has no '/', '+' or '#'");
        }
        String password = values.get("password");
        if (password != null && !values.containsKey("username")) {
            throw new IllegalArgumentException("--password needs --username");
        }
        return new BenchOptions(
                scenario,
                values.getOrDefault("host", "127.0.0.1"),
                integer("port", 1883, 1, 65535),
                mqttVersion(values.getOrDefault("mqtt", "3.1.1")),
                qos,
                integer("sub-qos", qos, 0, 2),
                size,
                count,
                rate,
                decimal("duration", 10),
                decimal("warmup", scenario == Scenario.CONN ? 0 : 2),
                decimal("drain", 5),
                connectRate,
                integer("connect-concurrency", 200, 1, 100_000),
                integer("inflight", 32, 1, 65535),
                integer("window", -1, 0, 1_000_000),
                integer("keepalive", 60, 0, 65535),
                integer("threads", Runtime.getRuntime().availableProcessors(), 1, 1024),
                !flag("no-clean"),
                values.getOrDefault("prefix", "bench-" + ProcessHandle.current().pid()),
                values.get("username"),
                password,
                values.getOrDefault("topic", scenario.defaultTopic()),
                values.getOrDefault("filter", scenario.defaultFilter()),
                group,
                integer("start-index", 0, 0, Integer.MAX_VALUE - 10_000_000),
                tls ? new BenchOptions.Tls(true, flag("insecure"), path("cafile"), cert, key,
                        flag("tls-no-resume"), tlsVersion(values.get("tls-version"))) : BenchOptions.Tls.OFF,
                ws ? new BenchOptions.WebSocket(true, path) : BenchOptions.WebSocket.OFF,
                flag("json"),
                flag("quiet"),
                flag("reconnect"));
    }

    private static String tlsVersion(String v) {
        if (v == null) {
            return null;
        }
        return switch (v) {
            case "1.3", "tlsv1.3", "TLSv1.3" -> "TLSv1.3";
            case "1.2", "tlsv1.2", "TLSv1.2" -> "TLSv1.2";
            default -> throw new IllegalArgumentException("--tls-version '" + v + "': expected 1.3 or 1.2");
        };
    }

    private static int mqttVersion(String v) {
        return switch (v) {
            case "3.1.1", "4", "311" -> 4;
            case "5", "5.0" -> 5;
            default -> throw new IllegalArgumentException("--mqtt '" + v + "': expected 3.1.1 or 5");
        };
    }

    private boolean flag(String name) {
        return values.containsKey(name);
    }

    private int integer(String name, int def, int min, int max) {
        String v = values.get(name);
        if (v == null) {
            return def;
        }
        try {
            int n = Integer.parseInt(v.replace("_", ""));
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " '" + v + "': expected an integer from " + min + " to " + max);
    }

    private double decimal(String name, double def) {
        String v = values.get(name);
        if (v == null) {
            return def;
        }
        try {
            double d = Double.parseDouble(v);
            if (d >= 0 && Double.isFinite(d)) {
                return d;
            }
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("--" + name + " '" + v + "': expected a number >= 0");
    }

    private Path path(String name) {
        String v = values.get(name);
        if (v == null) {
            return null;
        }
        Path p = Path.of(v);
        if (!Files.isReadable(p)) {
            throw new IllegalArgumentException("--" + name + " '" + v + "': no such readable file");
        }
        return p;
    }

    /** The options the tool knows, with their help lines (also the source of {@link Usage}). */
    enum Option {
        HOST("host", 'h', false, "HOST", "broker host (127.0.0.1)"),
        PORT("port", 'p', false, "PORT", "broker port (1883)"),
        MQTT("mqtt", 'V', false, "VERSION", "protocol: 3.1.1 or 5 (3.1.1)"),
        USERNAME("username", 'u', false, "NAME", "user name in CONNECT"),
        PASSWORD("password", 'P', false, "SECRET", "password in CONNECT"),
        PREFIX("prefix", (char) 0, false, "TEXT", "client id prefix (bench-<pid>); ids are <prefix>-<role>-<index>"),
        KEEPALIVE("keepalive", 'k', false, "SECONDS", "keep alive; PINGREQ every half of it (60)"),
        NO_CLEAN("no-clean", (char) 0, true, null, "persistent sessions (clean session 0; MQTT 5: expiry 300 s), "
                + "discarded at the end by one more clean connection per client"),
        TLS("tls", (char) 0, true, null, "connect with TLS"),
        INSECURE("insecure", (char) 0, true, null, "TLS: trust any server certificate"),
        TLS_NO_RESUME("tls-no-resume", (char) 0, true, null, "TLS: a full handshake for every connection (default: "
                + "resume sessions, as devices that reconnect do)"),
        TLS_VERSION("tls-version", (char) 0, false, "1.3|1.2", "TLS: only this protocol version (default: the "
                + "highest both sides support)"),
        CAFILE("cafile", (char) 0, false, "PEM", "TLS: certificates to trust (default: the JDK's)"),
        CERT("cert", (char) 0, false, "PEM", "TLS: client certificate chain"),
        KEY("key", (char) 0, false, "PEM", "TLS: client private key (PKCS#8)"),
        WS("ws", (char) 0, true, null, "MQTT over WebSocket (subprotocol mqtt)"),
        WS_PATH("ws-path", (char) 0, false, "PATH", "WebSocket path (/mqtt)"),
        THREADS("threads", (char) 0, false, "N", "generator I/O threads (CPU count)"),
        COUNT("count", 'c', false, "N", "clients: connections (conn), publishers (pub, fanin), subscribers (sub, "
                + "fanout), pairs (p2p)"),
        CONNECT_RATE("connect-rate", (char) 0, false, "N", "new connections per second (0: no limit)"),
        CONNECT_CONCURRENCY("connect-concurrency", (char) 0, false, "N", "connections being set up at once (200)"),
        QOS("qos", 'q', false, "0|1|2", "publish QoS (0); also the subscription QoS unless --sub-qos"),
        SUB_QOS("sub-qos", (char) 0, false, "0|1|2", "subscription QoS"),
        SIZE("size", 's', false, "BYTES", "payload size (64, at least 28)"),
        RATE("rate", 'r', false, "N", "messages/s per publisher, 0: closed loop (0); conn: connections/s"),
        TOPIC("topic", 't', false, "PATTERN", "publish topic; %i = client index, %c = client id"),
        FILTER("filter", 'f', false, "PATTERN", "subscription filter; %i and %c as for --topic"),
        SHARE("share", 'g', false, "GROUP", "subscribe as $share/GROUP/<filter>"),
        INFLIGHT("inflight", (char) 0, false, "N", "unacknowledged QoS 1/2 messages per publisher (32)"),
        WINDOW("window", (char) 0, false, "N", "messages per publisher not yet received by this run's subscribers; "
                + "0: no limit (default: from the scenario, 4 to 64; see docs/tuning.md)"),
        START_INDEX("start-index", (char) 0, false, "N", "first client index, to split a population (0)"),
        DURATION("duration", 'd', false, "SECONDS", "measurement time (10); 0: until Ctrl-C"),
        WARMUP("warmup", 'w', false, "SECONDS", "traffic before the measurement starts (2)"),
        DRAIN("drain", (char) 0, false, "SECONDS", "wait at most this long for acks and stragglers at the end (5)"),
        JSON("json", (char) 0, true, null, "print the summary as one JSON line on stdout"),
        QUIET("quiet", (char) 0, true, null, "no progress lines"),
        RECONNECT("reconnect", (char) 0, true, null, "conn: after holding, close every connection and open them all "
                + "again, and report that second wave's rate (with TLS: resumed sessions unless --tls-no-resume)"),
        PUBLISHERS("publishers", (char) 0, false, "N", "same as --count"),
        SUBSCRIBERS("subscribers", (char) 0, false, "N", "same as --count"),
        PAIRS("pairs", (char) 0, false, "N", "same as --count"),
        CONNECTIONS("connections", (char) 0, false, "N", "same as --count");

        final String name;
        final char shortName;
        final boolean flag;
        final String arg;
        final String help;

        Option(String name, char shortName, boolean flag, String arg, String help) {
            this.name = name;
            this.shortName = shortName;
            this.flag = flag;
            this.arg = arg;
            this.help = help;
        }

        String canonical() {
            return switch (this) {
                case PUBLISHERS, SUBSCRIBERS, PAIRS, CONNECTIONS -> COUNT.name;
                default -> name;
            };
        }

        static Option find(String name) {
            for (Option o : values()) {
                if (o.name.equals(name)) {
                    return o;
                }
            }
            return null;
        }

        static String longName(char c) {
            for (Option o : values()) {
                if (o.shortName == c) {
                    return o.name;
                }
            }
            return null;
        }
    }
}
