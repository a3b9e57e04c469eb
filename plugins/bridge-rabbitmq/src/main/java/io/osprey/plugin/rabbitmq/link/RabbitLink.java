package io.osprey.plugin.rabbitmq.link;

import java.time.Duration;

import io.osprey.bridge.core.buffer.ReplayQueue;
import io.osprey.bridge.core.send.Link;
import io.osprey.bridge.core.send.ProduceMode;
import io.osprey.bridge.core.stats.BridgeCounters;
import io.osprey.plugin.rabbitmq.config.ConnectionSettings;
import io.osprey.plugin.rabbitmq.record.AmqpCodec;
import io.osprey.plugin.rabbitmq.record.AmqpRecord;

/** One RabbitMQ connection with one set of {@link ConnectionSettings}: the bridge core's {@link Link} over it. */
public final class RabbitLink extends Link<AmqpRecord> {

    public RabbitLink(ConnectionSettings settings, ProduceMode mode, Duration syncTimeout, ReplayQueue queue,
                      BridgeCounters counters) {
        super(status -> new RabbitSink(settings, status), AmqpCodec.INSTANCE, mode, syncTimeout, queue, counters,
                settings.maxInflight(), RabbitBridge.LABEL, "osprey-bridge-rabbitmq");
    }
}
