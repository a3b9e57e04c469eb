package io.osprey.plugin.rabbitmq.link;

import java.io.IOException;
import java.util.Date;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.ConfirmListener;
import com.rabbitmq.client.ShutdownSignalException;
import io.osprey.bridge.core.send.Sink;
import io.osprey.plugin.rabbitmq.record.AmqpRecord;
import io.osprey.plugin.rabbitmq.rule.AmqpRule;

/**
 * One AMQP channel in confirm mode: publishes records and reports each one's outcome when RabbitMQ confirms it
 * (ack: sent; nack: send again). When the channel or its connection goes down, every message not confirmed yet is
 * reported "send again" at once, so the senders never wait for confirms that cannot come, and the publisher counts
 * as broken: the sink opens a new channel (with its own confirm sequence) rather than trusting a recovered one.
 * Exchanges with a type are declared (durable) before their first message.
 */
final class ChannelPublisher implements ConfirmListener {

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ChannelPublisher.class);

    private final Channel channel;
    private final ConcurrentNavigableMap<Long, Sink.Outcome> unconfirmed = new ConcurrentSkipListMap<>();
    private final Set<String> declared = ConcurrentHashMap.newKeySet();
    private volatile boolean broken;

    ChannelPublisher(Channel channel) throws IOException {
        this.channel = channel;
        channel.confirmSelect();
        channel.addConfirmListener(this);
        channel.addShutdownListener(cause -> shutdown("the RabbitMQ channel closed: " + cause(cause)));
    }

    /** Open and not shut down since it was made. */
    boolean isOpen() {
        return !broken && channel.isOpen();
    }

    /** Publishes one record; its outcome comes with the confirm. */
    synchronized void publish(AmqpRecord r, Sink.Outcome done) {
        if (!AmqpRule.fits(r.routingKey())) {
            done.refused("the routing key is longer than AMQP's 255 bytes: " + r.routingKey().substring(0, 64) + "…");
            return;
        }
        try {
            if (r.exchangeType() != null && !declared.contains(r.exchange())) {
                channel.exchangeDeclare(r.exchange(), r.exchangeType(), true);
                declared.add(r.exchange());
            }
        } catch (IOException | RuntimeException e) {
            // a declaration RabbitMQ refuses (another type already) closes the channel; a new one is opened
            done.refused("cannot declare the " + r.exchangeType() + " exchange " + r.exchange() + ": " + cause(e));
            return;
        }
        long seq = channel.getNextPublishSeqNo();
        unconfirmed.put(seq, done);
        try {
            channel.basicPublish(r.exchange(), r.routingKey(), false, properties(r), r.body());
        } catch (IOException | RuntimeException e) {
            Sink.Outcome o = unconfirmed.remove(seq);
            if (o != null) {
                o.retry("publishing to RabbitMQ failed: " + cause(e));
            }
        }
        if (broken) {
            // the channel went down while this message was being put in: its confirm will never come
            failUnconfirmed("the RabbitMQ channel closed");
        }
    }

    private static AMQP.BasicProperties properties(AmqpRecord r) {
        Map<String, Object> headers = null;
        if (!r.headers().isEmpty()) {
            headers = new HashMap<>();
            for (AmqpRecord.Header h : r.headers()) {
                headers.put(h.name(), h.value());
            }
        }
        return new AMQP.BasicProperties.Builder().contentType(r.contentType()).deliveryMode(r.persistent() ? 2 : 1)
                .timestamp(new Date(r.timestamp())).headers(headers).build();
    }

    @Override
    public void handleAck(long seq, boolean multiple) {
        answer(seq, multiple, true);
    }

    @Override
    public void handleNack(long seq, boolean multiple) {
        answer(seq, multiple, false);
    }

    private void answer(long seq, boolean multiple, boolean ack) {
        if (multiple) {
            ConcurrentNavigableMap<Long, Sink.Outcome> upTo = unconfirmed.headMap(seq, true);
            for (Long s : upTo.keySet()) {
                Sink.Outcome o = unconfirmed.remove(s);
                if (o != null) {
                    tell(o, ack);
                }
            }
        } else {
            Sink.Outcome o = unconfirmed.remove(seq);
            if (o != null) {
                tell(o, ack);
            }
        }
    }

    private static void tell(Sink.Outcome o, boolean ack) {
        if (ack) {
            o.sent();
        } else {
            o.retry("RabbitMQ could not take the message (nack)");
        }
    }

    /**
     * The channel or its connection went down: every unconfirmed message is told "send again". Called by the
     * channel's own listener and by the sink's connection listener (a recovering connection does not always tell
     * its channels).
     */
    void shutdown(String why) {
        broken = true;
        int n = failUnconfirmed(why);
        LOG.debug("RabbitMQ bridge: {}; {} unconfirmed messages will be sent again", why, n);
    }

    private int failUnconfirmed(String why) {
        int n = 0;
        Map.Entry<Long, Sink.Outcome> e;
        while ((e = unconfirmed.pollFirstEntry()) != null) {
            e.getValue().retry(why);
            n++;
        }
        return n;
    }

    void close() {
        try {
            if (channel.isOpen()) {
                channel.close();
            }
        } catch (IOException | RuntimeException | java.util.concurrent.TimeoutException e) {
            // the connection closes next anyway
        }
    }

    static String cause(Throwable e) {
        Throwable t = e;
        while (t.getCause() != null && t.getMessage() == null) {
            t = t.getCause();
        }
        if (t instanceof ShutdownSignalException s && s.getReason() != null) {
            return s.getReason().protocolMethodName() + " " + s.getMessage();
        }
        return t.toString();
    }
}
