package io.osprey.plugin.kafka.config;

/**
 * How many Kafka replicas must have a record before it counts as sent ({@code required_acks}), and the producer
 * settings that keep records of one key in order under each choice.
 * <ul>
 * <li>{@code all}: every in-sync replica ({@code acks=all}); idempotent producer, so up to 5 requests in flight per
 * connection keep their order and retries never duplicate.</li>
 * <li>{@code leader}: the partition leader only ({@code acks=1}); one request in flight, so a retry cannot overtake.</li>
 * <li>{@code none}: nobody ({@code acks=0}); a record counts as sent once written to the socket and may be lost.</li>
 * </ul>
 */
public enum RequiredAcks {
    ALL("all", true, 5),
    LEADER("1", false, 1),
    NONE("0", false, 1);

    private final String acks;
    private final boolean idempotent;
    private final int maxInFlight;

    RequiredAcks(String acks, boolean idempotent, int maxInFlight) {
        this.acks = acks;
        this.idempotent = idempotent;
        this.maxInFlight = maxInFlight;
    }

    /** The value of Kafka's {@code acks}. */
    public String acks() {
        return acks;
    }

    public boolean idempotent() {
        return idempotent;
    }

    /** The value of {@code max.in.flight.requests.per.connection} that keeps per-key order. */
    public int maxInFlight() {
        return maxInFlight;
    }
}
