package io.osprey.plugin.kafka.config;

/** SASL authentication towards Kafka ({@code sasl.mechanism}), with the JAAS login module each one needs. */
public enum SaslMechanism {
    NONE(null, null),
    PLAIN("PLAIN", "org.apache.kafka.common.security.plain.PlainLoginModule"),
    SCRAM_SHA_256("SCRAM-SHA-256", "org.apache.kafka.common.security.scram.ScramLoginModule"),
    SCRAM_SHA_512("SCRAM-SHA-512", "org.apache.kafka.common.security.scram.ScramLoginModule");

    private final String kafkaName;
    private final String loginModule;

    SaslMechanism(String kafkaName, String loginModule) {
        this.kafkaName = kafkaName;
        this.loginModule = loginModule;
    }

    /** The value of Kafka's {@code sasl.mechanism}, or {@code null} for none. */
    public String kafkaName() {
        return kafkaName;
    }

    public String loginModule() {
        return loginModule;
    }
}
