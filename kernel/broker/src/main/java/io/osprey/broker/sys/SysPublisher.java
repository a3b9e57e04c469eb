package io.osprey.broker.sys;

import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.channel.EventLoop;
import io.osprey.api.ClientInfo;
import io.osprey.api.Message;
import io.osprey.broker.Broker;
import io.osprey.broker.config.BrokerSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes the {@code $SYS} tree as EMQX 4 does: broker facts ({@code version}, {@code sysdescr}, retained),
 * {@code uptime} and {@code datetime} every {@code sys_heartbeat}, every stat and metric every {@code sys_interval},
 * and the presence messages {@code clients/<clientid>/connected|disconnected} when clients come and go.
 */
public final class SysPublisher {

    private static final Logger LOG = LoggerFactory.getLogger(SysPublisher.class);
    private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private final Broker broker;
    private ScheduledFuture<?> heartbeat;
    private ScheduledFuture<?> interval;

    public SysPublisher(Broker broker) {
        this.broker = broker;
    }

    private String prefix() {
        return "$SYS/brokers/" + broker.nodeName() + "/";
    }

    /** {@code $SYS/brokers/<node>/}. */
    public String nodePrefix() {
        return prefix();
    }

    public synchronized void start() {
        publish("$SYS/brokers", broker.nodeName(), true);
        publish(prefix() + "version", broker.version(), true);
        publish(prefix() + "sysdescr", "Osprey MQTT broker", true);
        reschedule(broker.settings());
    }

    /** Applies new {@code sys_heartbeat}/{@code sys_interval} values. */
    public synchronized void reschedule(BrokerSettings s) {
        stopTimers();
        EventLoop loop = broker.loops().workers().next();
        long hb = s.sysHeartbeat().toMillis();
        if (hb > 0) {
            heartbeat = loop.scheduleAtFixedRate(this::heartbeat, hb, hb, TimeUnit.MILLISECONDS);
        }
        long iv = s.sysInterval().toMillis();
        if (iv > 0) {
            interval = loop.scheduleAtFixedRate(this::statsAndMetrics, iv, iv, TimeUnit.MILLISECONDS);
        }
    }

    public synchronized void stop() {
        stopTimers();
    }

    private void stopTimers() {
        if (heartbeat != null) {
            heartbeat.cancel(false);
        }
        if (interval != null) {
            interval.cancel(false);
        }
    }

    void heartbeat() {
        publish(prefix() + "uptime", uptime(System.currentTimeMillis() - broker.startedAt()), false);
        publish(prefix() + "datetime", LocalDateTime.now().format(DATETIME), false);
    }

    void statsAndMetrics() {
        try {
            broker.stats().snapshot().forEach((k, v) -> publish(prefix() + "stats/" + k.replace('.', '/'),
                    String.valueOf(v), false));
            broker.metrics().snapshot().forEach((k, v) -> publish(prefix() + "metrics/" + k.replace('.', '/'),
                    String.valueOf(v), false));
        } catch (RuntimeException e) {
            LOG.warn("Could not publish $SYS stats", e);
        }
    }

    /** {@code $SYS/brokers/<node>/clients/<clientid>/connected}, with EMQX's fields. */
    public void clientConnected(ClientInfo c) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clientid", c.clientId());
        m.put("username", c.username());
        m.put("ipaddress", c.peerHost());
        m.put("sockport", c.peerPort());
        m.put("proto_name", c.protocolName());
        m.put("proto_ver", c.protocolVersion());
        m.put("keepalive", c.keepAlive());
        m.put("clean_start", c.cleanStart());
        m.put("connack", 0);
        m.put("connected_at", c.connectedAt());
        m.put("ts", System.currentTimeMillis());
        publishJson(prefix() + "clients/" + c.clientId() + "/connected", m);
    }

    /** {@code $SYS/brokers/<node>/clients/<clientid>/disconnected}, with the reason. */
    public void clientDisconnected(ClientInfo c, String reason) {
        long now = System.currentTimeMillis();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clientid", c.clientId());
        m.put("username", c.username());
        m.put("ipaddress", c.peerHost());
        m.put("reason", reason);
        m.put("disconnected_at", now);
        m.put("ts", now);
        publishJson(prefix() + "clients/" + c.clientId() + "/disconnected", m);
    }

    /** Publishes under {@code $SYS/brokers/<node>/<subtopic>} (used by plugins' alarms, for example). */
    public void publishJson(String topic, Map<String, Object> body) {
        try {
            publish(topic, Json.MAPPER.writeValueAsString(body), false);
        } catch (JsonProcessingException e) {
            LOG.warn("Could not encode $SYS message for {}", topic, e);
        }
    }

    private void publish(String topic, String payload, boolean retain) {
        Message m = Message.builder(topic).id(broker.nextMessageId()).payload(payload).qos(0).retain(retain).build();
        broker.dispatcher().dispatch(m, null, false);
    }

    /** EMQX's uptime text, e.g. {@code 1 days, 2 hours, 3 minutes, 4 seconds}. */
    static String uptime(long millis) {
        long s = millis / 1000;
        long days = s / 86400;
        long hours = (s % 86400) / 3600;
        long minutes = (s % 3600) / 60;
        long seconds = s % 60;
        StringBuilder b = new StringBuilder();
        if (days > 0) {
            b.append(days).append(" days, ");
        }
        if (days > 0 || hours > 0) {
            b.append(hours).append(" hours, ");
        }
        if (days > 0 || hours > 0 || minutes > 0) {
            b.append(minutes).append(" minutes, ");
        }
        return b.append(seconds).append(" seconds").toString();
    }

    /** Made for the first client event: Jackson's first ObjectMapper costs about 0.1 s, kept off the start-up path. */
    private static final class Json {
        static final ObjectMapper MAPPER = new ObjectMapper();
    }
}
