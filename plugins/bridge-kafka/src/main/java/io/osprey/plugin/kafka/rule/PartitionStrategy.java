package io.osprey.plugin.kafka.rule;

/**
 * How a rule's records are spread over the partitions of its Kafka topic, with EMQX's names.
 * <ul>
 * <li>{@code first_key_dispatch}: by the hash of the record key (Kafka's own partitioner), so records with one key
 * stay in one partition and in order; records without a key go where Kafka's sticky partitioner puts them.</li>
 * <li>{@code random}: a random partition per record.</li>
 * <li>{@code roundrobin}: each partition in turn.</li>
 * </ul>
 */
public enum PartitionStrategy {
    FIRST_KEY_DISPATCH("first_key_dispatch"),
    RANDOM("random"),
    ROUNDROBIN("roundrobin");

    private final String configName;

    PartitionStrategy(String configName) {
        this.configName = configName;
    }

    public String configName() {
        return configName;
    }

    /** @return the strategy called {@code name}, or {@code null} */
    public static PartitionStrategy byName(String name) {
        for (PartitionStrategy s : values()) {
            if (s.configName.equalsIgnoreCase(name)) {
                return s;
            }
        }
        return null;
    }
}
