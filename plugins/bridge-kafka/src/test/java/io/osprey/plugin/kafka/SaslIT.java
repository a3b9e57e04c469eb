package io.osprey.plugin.kafka;


import java.util.HashMap;
import java.util.Map;

import org.apache.kafka.common.security.auth.SecurityProtocol;
import org.apache.kafka.common.test.JaasUtils;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * SASL PLAIN towards a Kafka broker whose only client listener is SASL_PLAINTEXT (its own KRaft node in this JVM):
 * with the right password the bridge's records arrive; with a wrong one nothing is sent and the bridge's status
 * says why.
 */
class SaslIT extends SecuredKafkaTest {

    static KafkaClusterTestKit cluster;
    static String servers;


    @BeforeAll
    static void startKafka() throws Exception {
        TestKitNodes nodes = new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1)
                .setNumControllerNodes(1).setBrokerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT)
                .setControllerSecurityProtocol(SecurityProtocol.SASL_PLAINTEXT).build();
        cluster = TestKafka.singleNode(nodes).build();
        cluster.format();
        cluster.startup();
        cluster.waitForReadyBrokers();
        servers = cluster.bootstrapServers();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Override
    Map<String, Object> kafkaClient() {
        Map<String, Object> p = new HashMap<>();
        p.put("bootstrap.servers", servers);
        p.put("security.protocol", "SASL_PLAINTEXT");
        p.put("sasl.mechanism", "PLAIN");
        p.put("sasl.jaas.config", "org.apache.kafka.common.security.plain.PlainLoginModule required username=\""
                + JaasUtils.KAFKA_PLAIN_ADMIN + "\" password=\"" + JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD + "\";");
        return p;
    }

    @Test
    @DisplayName("sasl.mechanism = plain with the right password: the records arrive")
    void rightPassword_recordsArrive() throws Exception {
        assertRecordsArrive("sasl.mechanism", "plain", "sasl.username", JaasUtils.KAFKA_PLAIN_ADMIN,
                "sasl.password", JaasUtils.KAFKA_PLAIN_ADMIN_PASSWORD);
    }

    @Test
    @DisplayName("a wrong SASL password: nothing is sent, and the bridge's status names the authentication failure")
    void wrongPassword_nothingSent_statusSaysWhy() throws Exception {
        assertNothingSent("authentication", "sasl.mechanism", "plain", "sasl.username", JaasUtils.KAFKA_PLAIN_ADMIN,
                "sasl.password", "not-the-password");
    }
}
