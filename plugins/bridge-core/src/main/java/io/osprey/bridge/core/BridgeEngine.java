package io.osprey.bridge.core;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

import io.osprey.api.ClientInfo;
import io.osprey.api.Message;
import io.osprey.api.hook.PublishResult;
import io.osprey.bridge.core.buffer.QueueWriter;
import io.osprey.bridge.core.buffer.ReplayQueue;
import io.osprey.bridge.core.event.BridgeEvent;
import io.osprey.bridge.core.event.EventBody;
import io.osprey.bridge.core.event.EventEncoder;
import io.osprey.bridge.core.event.HookPoint;
import io.osprey.bridge.core.record.RecordCodec;
import io.osprey.bridge.core.rule.Rule;
import io.osprey.bridge.core.rule.RuleSet;
import io.osprey.bridge.core.send.Link;
import io.osprey.bridge.core.send.ProduceMode;
import io.osprey.bridge.core.stats.BridgeCounters;
import io.osprey.bridge.core.stats.LinkStatus;
import io.osprey.bridge.core.stats.RuleCounters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A bridge, free of OSGi and of the remote system: turns hook events into records by the configured rules and sends
 * them — through the disk buffer (every event in async mode, and all but {@code message.publish} in sync mode), or
 * straight to the remote side with the publisher waiting (sync mode). It owns the buffer and its writer for its
 * whole life and replaces its {@link Link} when the connection settings change.
 * <p>
 * Hook methods run on broker I/O threads: they match rules, encode records and hand them over; they never wait.
 *
 * @param <R> the bridge's record type
 * @param <S> the bridge's settings
 */
public class BridgeEngine<R, S extends BridgeConfig<R, S>> {

    private static final Logger LOG = LoggerFactory.getLogger(BridgeEngine.class);
    private static final CompletionStage<PublishResult> FAILED = PublishResult.fail(0x80).stage();
    private static final PublishResult PROCEED = PublishResult.proceed().toCompletableFuture().join();
    /** Records handed to the buffer's writer and not on disk yet, at most (by count and bytes). */
    public static final int WRITE_PENDING_RECORDS = 65_536;
    public static final long WRITE_PENDING_BYTES = 32L * 1024 * 1024;
    private static final Duration LINK_CLOSE = Duration.ofSeconds(3);

    /** Builds the link for a configuration (tests pass one over a mock). */
    @FunctionalInterface
    public interface LinkFactory<R, S> {
        Link<R> create(S settings, ReplayQueue queue, BridgeCounters counters);
    }

    private final String label;
    private final String node;
    private final BridgeCounters counters;
    private final RecordCodec<R> codec;
    private final LinkFactory<R, S> links;
    private final ReplayQueue queue;
    private final QueueWriter writer;
    private volatile S settings;
    private volatile RuleSet<R> rules;
    private volatile EventEncoder encoder;
    private volatile Link<R> link;
    private int linksOpened;
    private boolean linkStopped;
    private long dropLogAt;

    /**
     * Opens the buffer in {@code dataDir/queue} and starts sending.
     *
     * @param label      names the bridge in log lines, e.g. {@code Kafka bridge}
     * @param threadName prefix of its threads' names, e.g. {@code osprey-bridge-kafka}
     * @throws IOException when the buffer cannot be opened
     */
    public BridgeEngine(String label, String threadName, S settings, String node, Path dataDir,
                        BridgeCounters counters, RecordCodec<R> codec, LinkFactory<R, S> links) throws IOException {
        this.label = label;
        this.node = node;
        this.counters = counters;
        this.codec = codec;
        this.links = links;
        this.queue = ReplayQueue.open(label, dataDir.resolve("queue"), settings.buffer(), RecordCodec::ruleIdOf,
                (byRule, reason) -> byRule.forEach(counters::dropped));
        this.writer = new QueueWriter(queue, WRITE_PENDING_RECORDS, WRITE_PENDING_BYTES,
                (byRule, reason) -> byRule.forEach(counters::dropped), threadName + "-buffer");
        apply(settings);
        this.link = links.create(settings, queue, counters);
        linksOpened = 1;
        writer.onAppended(link::wake);
        writer.start();
        link.start();
        LOG.info("{} started: {} rules, produce = {}, connecting to {}, buffer {}", label, settings.rules().size(),
                settings.mode().name().toLowerCase(Locale.ROOT), String.join(",", settings.servers()), queue.dir());
    }

    private void apply(S s) {
        this.encoder = new EventEncoder(s.payloadEncoding(), node);
        this.rules = new RuleSet<>(s.rules());
        this.settings = s;
    }

    // ---- hooks ---------------------------------------------------------------------------------------------

    /** {@code true} when some rule listens to {@code point}: hooks return at once otherwise. */
    public boolean listens(HookPoint point) {
        return rules.of(point).length > 0;
    }

    /** An observe-only event: its records go through the buffer. */
    public void event(BridgeEvent e) {
        EventBody body = null;
        for (Rule<R> r : rules.of(e.point())) {
            if (!r.matches(e)) {
                continue;
            }
            counters.matched(r.id());
            if (body == null) {
                body = new EventBody(encoder, e);
            }
            buffer(r.id(), r.record(e, body));
        }
    }

    /**
     * {@code message.publish}: in async mode the records go through the buffer and the message goes on at once; in
     * sync mode the returned stage completes when the remote side acknowledged every record (then the message goes
     * on) or not ({@code 0x80} for the publisher).
     */
    public CompletionStage<PublishResult> publish(ClientInfo publisher, Message m) {
        Rule<R>[] of = rules.of(HookPoint.MESSAGE_PUBLISH);
        if (of.length == 0) {
            return PublishResult.proceed();
        }
        BridgeEvent e = BridgeEvent.published(publisher, m);
        List<R> records = null;
        EventBody body = null;
        for (Rule<R> r : of) {
            if (!r.matches(e)) {
                continue;
            }
            counters.matched(r.id());
            if (body == null) {
                body = new EventBody(encoder, e);
                records = new ArrayList<>(of.length);
            }
            records.add(r.record(e, body));
        }
        if (records == null) {
            return PublishResult.proceed();
        }
        if (settings.mode() == ProduceMode.ASYNC) {
            return bufferOrWait(records);
        }
        return link.sendSync(records).thenCompose(ok -> ok ? PublishResult.proceed() : FAILED);
    }

    /**
     * The records of a published message into the buffer; when the writer is behind, the publisher's acknowledgement
     * waits for room instead of the records being dropped.
     */
    private CompletionStage<PublishResult> bufferOrWait(List<R> records) {
        List<String> ruleIds = new ArrayList<>(records.size());
        List<byte[]> encoded = new ArrayList<>(records.size());
        for (R r : records) {
            ruleIds.add(codec.ruleId(r));
            encoded.add(codec.encode(r));
        }
        CompletableFuture<Void> waiting = writer.offerOrWait(ruleIds, encoded);
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

    private void buffer(String rule, R r) {
        if (writer.offer(rule, codec.encode(r))) {
            counters.buffered(rule);
            return;
        }
        counters.dropped(rule, 1);
        long now = System.currentTimeMillis();
        if (now - dropLogAt > 10_000) {
            dropLogAt = now;
            LOG.warn("{}: a record of rule {} was dropped: the buffer's writer is {} records behind (the disk does "
                    + "not keep up)", label, rule, writer.pending());
        }
    }

    // ---- configuration and status --------------------------------------------------------------------------

    /** Applies a new configuration: rules and encoding at once; a new link when the connection changed. */
    public synchronized void reconfigure(S next) {
        S old = settings;
        queue.limits(next.buffer());
        apply(next);
        if (old.needsReconnect(next) && !linkStopped) {
            LOG.info("{}: connection settings changed; reconnecting to {}", label, String.join(",", next.servers()));
            Link<R> previous = link;
            previous.close(LINK_CLOSE);
            Link<R> fresh = links.create(next, queue, counters);
            link = fresh;
            linksOpened++;
            writer.onAppended(fresh::wake);
            fresh.start();
        }
        LOG.info("{} reconfigured: {} rules, produce = {}", label, next.rules().size(),
                next.mode().name().toLowerCase(Locale.ROOT));
    }

    /**
     * Closes the connection ({@code ctl bridges stop}): nothing is sent until {@link #startLink}, records keep going
     * into the disk buffer (within its limits) and wait there; sync-mode publishes fail.
     */
    public synchronized void stopLink() {
        if (!linkStopped) {
            link.close(LINK_CLOSE);
            linkStopped = true;
            LOG.info("{} stopped by an admin; records wait in the buffer", label);
        }
    }

    /** Opens the connection again after {@link #stopLink}, with the current settings. */
    public synchronized void startLink() {
        if (linkStopped) {
            Link<R> fresh = links.create(settings, queue, counters);
            link = fresh;
            linksOpened++;
            linkStopped = false;
            writer.onAppended(fresh::wake);
            fresh.start();
            LOG.info("{} started by an admin", label);
        }
    }

    public synchronized boolean linkStopped() {
        return linkStopped;
    }

    /** How many connections (links) this bridge opened: 1, plus one per reconnecting edit. */
    public synchronized int linksOpened() {
        return linksOpened;
    }

    public S settings() {
        return settings;
    }

    public BridgeCounters counters() {
        return counters;
    }

    /** The current link (its sink holds the connection). */
    protected Link<R> link() {
        return link;
    }

    /** Facts only this kind of bridge has, for the status view; none by default. */
    protected Map<String, Object> extraStatus() {
        return Map.of();
    }

    public BridgeStatus status() {
        Link<R> l = link;
        LinkStatus s = l.status();
        List<RuleCounters.View> views = new ArrayList<>();
        List<String> configured = new ArrayList<>();
        for (Rule<R> r : rules.all()) {
            configured.add(r.id());
            views.add(counters.get(r.id()));
        }
        for (RuleCounters.View v : counters.snapshot()) {
            if (!configured.contains(v.rule())) {
                views.add(v);
            }
        }
        return new BridgeStatus(s.state().name().toLowerCase(Locale.ROOT), settings.servers(),
                settings.mode().name().toLowerCase(Locale.ROOT), s.lastError(), s.lastErrorAt(), s.lastSentAt(),
                l.inFlight(), writer.pending(), queue.stats(), views, extraStatus());
    }

    /** Writes what is in hand to the buffer, stops sending (records in flight get a moment), closes the buffer. */
    public synchronized void close() {
        writer.stop();
        if (!linkStopped) {
            link.close(LINK_CLOSE);
        }
        long waiting = queue.stats().records();
        try {
            queue.close();
        } catch (IOException e) {
            LOG.error("{}: closing the buffer failed", label, e);
        }
        LOG.info("{} stopped; {} records wait in the buffer for the next start", label, waiting);
    }
}
