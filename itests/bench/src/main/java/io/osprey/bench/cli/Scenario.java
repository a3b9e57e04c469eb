package io.osprey.bench.cli;

import java.util.Locale;

/**
 * The sub-commands of the tool. The three built-in scenarios are the shapes of the benchmark issue's target table,
 * so that every run of them is comparable with every other: their defaults are the table's (50 publishers, 100
 * subscribers, 500 pairs).
 *
 * @param defaultCount   publishers (fanin), subscribers (fanout), pairs (p2p) or clients (conn, pub, sub)
 * @param defaultTopic   the publishers' topic pattern ({@code %i} client index, {@code %c} client id)
 * @param defaultFilter  the subscribers' topic filter pattern
 */
public enum Scenario {
    CONN("open connections at a given rate and hold them", 1000, null, null),
    PUB("publishers only", 10, "bench/%i", null),
    SUB("subscribers only", 10, null, "bench/#"),
    FANIN("N publishers -> 1 wildcard subscriber", 50, "bench/fanin/%i", "bench/fanin/+"),
    FANOUT("1 publisher -> N subscribers of one topic", 100, "bench/fanout", "bench/fanout"),
    P2P("N pairs: publisher i -> subscriber i on its own topic", 500, "bench/p2p/%i", "bench/p2p/%i");

    private final String description;
    private final int defaultCount;
    private final String defaultTopic;
    private final String defaultFilter;

    Scenario(String description, int defaultCount, String defaultTopic, String defaultFilter) {
        this.description = description;
        this.defaultCount = defaultCount;
        this.defaultTopic = defaultTopic;
        this.defaultFilter = defaultFilter;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public String description() {
        return description;
    }

    public int defaultCount() {
        return defaultCount;
    }

    public String defaultTopic() {
        return defaultTopic;
    }

    public String defaultFilter() {
        return defaultFilter;
    }

    public boolean publishes() {
        return defaultTopic != null;
    }

    public boolean subscribes() {
        return defaultFilter != null;
    }

    /** @return the scenario named {@code s}, or {@code null} */
    public static Scenario find(String s) {
        for (Scenario sc : values()) {
            if (sc.label().equals(s)) {
                return sc;
            }
        }
        return null;
    }
}
