package io.osprey.plugin.kafka;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletionStage;

import io.osprey.api.ClientInfo;
import io.osprey.api.Message;
import io.osprey.api.UserProperty;
import io.osprey.api.hook.PublishResult;
import io.osprey.plugin.kafka.config.BridgeSettings;
import io.osprey.plugin.kafka.config.ProduceMode;
import io.osprey.plugin.kafka.produce.KafkaLink;
import io.osprey.plugin.kafka.queue.QueueWriter;
import io.osprey.plugin.kafka.queue.ReplayQueue;
import io.osprey.plugin.kafka.record.BridgeEvent;
import io.osprey.plugin.kafka.record.BridgeRecord;
import io.osprey.plugin.kafka.record.EventEncoder;
import io.osprey.plugin.kafka.record.RecordCodec;
import io.osprey.plugin.kafka.rule.HookPoint;
import io.osprey.plugin.kafka.rule.Rule;
import io.osprey.plugin.kafka.rule.RuleSet;
import io.osprey.plugin.kafka.stats.BridgeCounters;
import io.osprey.plugin.kafka.stats.LinkStatus;
import io.osprey.plugin.kafka.stats.RuleCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge, free of OSGi: turns hook events into records by the configured rules and sends them — through the disk
 * buffer (every event in async mode, and all but {@code message.publish} in sync mode), or straight to Kafka with the
 * publisher waiting (sync mode). It owns the buffer and its writer for its whole life and replaces its
 * {@link KafkaLink} when the connection settings change.
 * <p>
 * Hook methods run on broker I/O threads: they match rules, encode JSON and hand records over; they never wait.
 */
public final class Bridge {

    private static final Logger LOG = LoggerFactory.getLogger(Bridge.class);
    private static final CompletionStage<PublishResult> FAILED = PublishResult.fail(0x80).stage();
    private static final PublishResult PROCEED = PublishResult.proceed().toCompletableFuture().join();
    /** Records handed to the buffer's writer and not on disk yet, at most (by count and bytes). */
    static final int WRITE_PENDING_RECORDS = 65_536;
    static final long WRITE_PENDING_BYTES = 32L * 1024 * 1024;
    private static final Duration LINK_CLOSE = Duration.ofSeconds(3);

    /** Builds the link for a configuration (tests pass one over a mock producer). */
    @FunctionalInterface
    public interface LinkFactory {
        KafkaLink create(BridgeSettings settings, ReplayQueue queue, BridgeCounters counters);
    }

    private final String node;
    private final BridgeCounters counters;
    private final LinkFactory links;
    private final ReplayQueue queue;
    private final QueueWriter writer;
    private volatile BridgeSettings settings;
    private volatile RuleSet rules;
    private volatile EventEncoder encoder;
    private volatile KafkaLink link;
    private int linksOpened;
    private long dropLogAt;

    /**
     * Opens the buffer in {@code dataDir/queue} and starts sending.
     *
     * @throws IOException when the buffer cannot be opened
     */
    public Bridge(BridgeSettings settings, String node, Path dataDir, BridgeCounters counters, LinkFactory links)
            throws IOException {
        this.node = node;
        this.counters = counters;
        this.links = links;
        this.queue = ReplayQueue.open(dataDir.resolve("queue"), settings.buffer(), RecordCodec::ruleId,
                (byRule, reason) -> byRule.forEach(counters::dropped));
        this.writer = new QueueWriter(queue, WRITE_PENDING_RECORDS, WRITE_PENDING_BYTES,
                (byRule, reason) -> byRule.forEach(counters::dropped));
        apply(settings);
        this.link = links.create(settings, queue, counters);
        linksOpened = 1;
        writer.onAppended(link::wake);
        writer.start();
        link.start();
        LOG.info("Kafka bridge started: {} rules, produce = {}, Kafka at {}, buffer {}", settings.rules().size(),
                settings.mode().name().toLowerCase(Locale.ROOT), String.join(",", settings.producer().servers()),
                queue.dir());
    }

    /** The default link: a real Kafka producer. */
    public static KafkaLink realLink(BridgeSettings s, ReplayQueue queue, BridgeCounters counters) {
        return new KafkaLink(s.producer(), s.mode(), s.syncTimeout(), queue, counters);
    }

    private void apply(BridgeSettings s) {
        this.encoder = new EventEncoder(s.payloadEncoding(), node);
        this.rules = new RuleSet(s.rules());
        this.settings = s;
    }

    // ---- hooks ---------------------------------------------------------------------------------------------

    /** {@code true} when some rule listens to {@code point}: hooks return at once otherwise. */
    public boolean listens(HookPoint point) {
        return rules.of(point).length > 0;
    }

    /** An observe-only event: its records go through the buffer. */
    public void event(BridgeEvent e) {
        Rule[] of = rules.of(e.point());
        byte[] value = null;
        for (Rule r : of) {
            if (!r.matches(e)) {
                continue;
            }
            counters.matched(r.id());
            if (value == null) {
                value = encoder.encode(e);
            }
            buffer(record(r, e, value));
        }
    }

    /**
     * {@code message.publish}: in async mode the records go through the buffer and the message goes on at once; in
     * sync mode the returned stage completes when Kafka acknowledged every record (then the message goes on) or
     * not ({@code 0x80} for the publisher).
     */
    public CompletionStage<PublishResult> publish(ClientInfo publisher, Message m) {
        Rule[] of = rules.of(HookPoint.MESSAGE_PUBLISH);
        if (of.length == 0) {
            return PublishResult.proceed();
        }
        BridgeEvent e = BridgeEvent.published(publisher, m);
        List<BridgeRecord> records = null;
        byte[] value = null;
        for (Rule r : of) {
            if (!r.matches(e)) {
                continue;
            }
            counters.matched(r.id());
            if (value == null) {
                value = encoder.encode(e);
                records = new ArrayList<>(of.length);
            }
            records.add(record(r, e, value));
        }
        if (records == null) {
            return PublishResult.proceed();
        }
        if (settings.mode() == ProduceMode.ASYNC) {
            return bufferOrWait(records);
        }
        return link.sendSync(records).thenCompose(ok -> ok ? PublishResult.proceed() : FAILED);
    }

    private BridgeRecord record(Rule r, BridgeEvent e, byte[] value) {
        List<BridgeRecord.Header> headers = List.of();
        List<UserProperty> props = e.userProperties();
        if (!props.isEmpty()) {
            List<BridgeRecord.Header> h = new ArrayList<>(props.size());
            for (UserProperty p : props) {
                h.add(new BridgeRecord.Header(p.name(), p.value().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
            }
            headers = List.copyOf(h);
        }
        return new BridgeRecord(r.id(), r.kafkaTopic(), r.strategy(), r.keyFor(e, node), value, headers);
    }

    /**
     * The records of a published message into the buffer; when the writer is behind, the publisher's acknowledgement
     * waits for room instead of the records being dropped.
     */
    private CompletionStage<PublishResult> bufferOrWait(List<BridgeRecord> records) {
        List<String> ruleIds = new ArrayList<>(records.size());
        List<byte[]> encoded = new ArrayList<>(records.size());
        for (BridgeRecord r : records) {
            ruleIds.add(r.ruleId());
            encoded.add(RecordCodec.encode(r));
        }
        java.util.concurrent.CompletableFuture<Void> waiting = writer.offerOrWait(ruleIds, encoded);
        if (waiting == null) {
            ruleIds.forEach(counters::buffered);
            return PublishResult.proceed();
        }
        return waiting.handle((ok, error) -> {
            if (error != null) {
                // the writer stopped (the plugin is being unloaded) or far too much waits: the publisher retries
                ruleIds.forEach(rule -> counters.dropped(rule, 1));
                return PublishResult.fail(0x80);
            }
            ruleIds.forEach(counters::buffered);
            return PROCEED;
        });
    }

    private void buffer(BridgeRecord r) {
        if (writer.offer(r.ruleId(), RecordCodec.encode(r))) {
            counters.buffered(r.ruleId());
            return;
        }
        counters.dropped(r.ruleId(), 1);
        long now = System.currentTimeMillis();
        if (now - dropLogAt > 10_000) {
            dropLogAt = now;
            LOG.warn("Kafka bridge: a record of rule {} was dropped: the buffer's writer is {} records behind (the "
                    + "disk does not keep up)", r.ruleId(), writer.pending());
        }
    }

    // ---- configuration and status --------------------------------------------------------------------------

    /** Applies a new configuration: rules and encoding at once; a new Kafka link when the connection changed. */
    public synchronized void reconfigure(BridgeSettings next) {
        BridgeSettings old = settings;
        queue.limits(next.buffer());
        apply(next);
        if (old.needsReconnect(next)) {
            LOG.info("Kafka bridge: connection settings changed; reconnecting to {}",
                    String.join(",", next.producer().servers()));
            KafkaLink previous = link;
            previous.close(LINK_CLOSE);
            KafkaLink fresh = links.create(next, queue, counters);
            link = fresh;
            linksOpened++;
            writer.onAppended(fresh::wake);
            fresh.start();
        }
        LOG.info("Kafka bridge reconfigured: {} rules, produce = {}", next.rules().size(),
                next.mode().name().toLowerCase(Locale.ROOT));
    }

    /** How many Kafka connections (producers) this bridge opened: 1, plus one per reconnecting edit. */
    synchronized int linksOpened() {
        return linksOpened;
    }

    public BridgeSettings settings() {
        return settings;
    }

    public BridgeCounters counters() {
        return counters;
    }

    public BridgeStatus status() {
        KafkaLink l = link;
        LinkStatus s = l.status();
        List<RuleCounters.View> views = new ArrayList<>();
        List<String> configured = new ArrayList<>();
        for (Rule r : rules.all()) {
            configured.add(r.id());
            views.add(counters.get(r.id()));
        }
        for (RuleCounters.View v : counters.snapshot()) {
            if (!configured.contains(v.rule())) {
                views.add(v);
            }
        }
        return new BridgeStatus(s.state().name().toLowerCase(Locale.ROOT), settings.producer().servers(),
                settings.mode().name().toLowerCase(Locale.ROOT), s.lastError(), s.lastErrorAt(), s.lastSentAt(),
                l.inFlight(), writer.pending(), queue.stats(), views);
    }

    /** Writes what is in hand to the buffer, stops sending (records in flight get a moment), closes the buffer. */
    public synchronized void close() {
        writer.stop();
        link.close(LINK_CLOSE);
        long waiting = queue.stats().records();
        try {
            queue.close();
        } catch (IOException e) {
            LOG.error("Kafka bridge: closing the buffer failed", e);
        }
        LOG.info("Kafka bridge stopped; {} records wait in the buffer for the next start", waiting);
    }
}
