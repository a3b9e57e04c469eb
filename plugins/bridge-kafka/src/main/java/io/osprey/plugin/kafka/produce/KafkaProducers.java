package io.osprey.plugin.kafka.produce;

import java.util.Properties;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Creates Kafka producers inside an OSGi bundle. kafka-clients is embedded in this bundle and loads the classes its
 * configuration names through the thread's context class loader; under Felix that is the JVM's application loader,
 * which cannot see them, and the first failure breaks {@code ProducerConfig} for the life of the bundle (STACK.md
 * §4). So the context loader is set to the bundle's own loader while the producer is built, and restored after.
 */
public final class KafkaProducers {

    private KafkaProducers() {
    }

    public static Producer<byte[], byte[]> create(Properties properties) {
        Thread t = Thread.currentThread();
        ClassLoader previous = t.getContextClassLoader();
        t.setContextClassLoader(KafkaProducers.class.getClassLoader());
        try {
            return new KafkaProducer<>(properties, new ByteArraySerializer(), new ByteArraySerializer());
        } finally {
            t.setContextClassLoader(previous);
        }
    }
}
