package io.osprey.broker.hooks;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

import io.osprey.api.ClientInfo;
import io.osprey.api.ConnectReason;
import io.osprey.api.Message;
import io.osprey.api.Subscription;
import io.osprey.api.UserProperty;
import io.osprey.api.hook.AclAction;
import io.osprey.api.hook.AclResult;
import io.osprey.api.hook.AuthResult;
import io.osprey.api.hook.ClientAuthenticate;
import io.osprey.api.hook.ClientCheckAcl;
import io.osprey.api.hook.ClientConnack;
import io.osprey.api.hook.ClientConnect;
import io.osprey.api.hook.ClientConnected;
import io.osprey.api.hook.ClientDisconnected;
import io.osprey.api.hook.ClientSubscribe;
import io.osprey.api.hook.ClientUnsubscribe;
import io.osprey.api.hook.ConnectRequest;
import io.osprey.api.hook.ConnectResult;
import io.osprey.api.hook.DropReason;
import io.osprey.api.hook.MessageAcked;
import io.osprey.api.hook.MessageDelivered;
import io.osprey.api.hook.MessageDropped;
import io.osprey.api.hook.MessagePublish;
import io.osprey.api.hook.PublishResult;
import io.osprey.api.hook.SessionCreated;
import io.osprey.api.hook.SessionDiscarded;
import io.osprey.api.hook.SessionResumed;
import io.osprey.api.hook.SessionSubscribed;
import io.osprey.api.hook.SessionTakenOver;
import io.osprey.api.hook.SessionTerminated;
import io.osprey.api.hook.SessionUnsubscribed;
import io.osprey.api.hook.SubscribeRequest;
import io.osprey.api.hook.UnsubscribeRequest;
import io.osprey.broker.metrics.Metric;
import io.osprey.broker.metrics.Metrics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * All hook points, and the dispatch the kernel calls at each. Plugins' hooks get here through the OSGi whiteboard
 * ({@code HookWhiteboard}); tests may {@link #register} directly.
 * <p>
 * Rules: higher {@code service.ranking} first, ties in registration order; a hook that throws or fails is logged and
 * counted against its plugin; at {@code client.authenticate} and {@code client.check_acl} it denies unless
 * {@code hook.<point>.on_error} or {@code hook.on_error.<plugin>} says ignore (access fails closed), elsewhere it is
 * "no opinion"; asynchronous hooks get {@link HookSettings#timeout()} and then the configured outcome. Observer points
 * cost one volatile read when no hook is registered.
 */
public final class HookRegistry {

    private static final Logger LOG = LoggerFactory.getLogger(HookRegistry.class);

    public final HookChain<ClientConnect> clientConnect = chain("client.connect", ClientConnect.class);
    public final HookChain<ClientAuthenticate> clientAuthenticate = chain("client.authenticate", ClientAuthenticate.class);
    public final HookChain<ClientConnack> clientConnack = chain("client.connack", ClientConnack.class);
    public final HookChain<ClientConnected> clientConnected = chain("client.connected", ClientConnected.class);
    public final HookChain<ClientDisconnected> clientDisconnected = chain("client.disconnected", ClientDisconnected.class);
    public final HookChain<ClientCheckAcl> clientCheckAcl = chain("client.check_acl", ClientCheckAcl.class);
    public final HookChain<ClientSubscribe> clientSubscribe = chain("client.subscribe", ClientSubscribe.class);
    public final HookChain<ClientUnsubscribe> clientUnsubscribe = chain("client.unsubscribe", ClientUnsubscribe.class);
    public final HookChain<SessionCreated> sessionCreated = chain("session.created", SessionCreated.class);
    public final HookChain<SessionResumed> sessionResumed = chain("session.resumed", SessionResumed.class);
    public final HookChain<SessionSubscribed> sessionSubscribed = chain("session.subscribed", SessionSubscribed.class);
    public final HookChain<SessionUnsubscribed> sessionUnsubscribed = chain("session.unsubscribed", SessionUnsubscribed.class);
    public final HookChain<SessionDiscarded> sessionDiscarded = chain("session.discarded", SessionDiscarded.class);
    public final HookChain<SessionTakenOver> sessionTakenOver = chain("session.takenover", SessionTakenOver.class);
    public final HookChain<SessionTerminated> sessionTerminated = chain("session.terminated", SessionTerminated.class);
    public final HookChain<MessagePublish> messagePublish = chain("message.publish", MessagePublish.class);
    public final HookChain<MessageDelivered> messageDelivered = chain("message.delivered", MessageDelivered.class);
    public final HookChain<MessageAcked> messageAcked = chain("message.acked", MessageAcked.class);
    public final HookChain<MessageDropped> messageDropped = chain("message.dropped", MessageDropped.class);

    private List<HookChain<?>> chains;
    private final Metrics metrics;
    private volatile HookSettings settings = HookSettings.DEFAULTS;
    private long registrations;

    public HookRegistry(Metrics metrics) {
        this.metrics = metrics;
    }

    private <T> HookChain<T> chain(String point, Class<T> type) {
        HookChain<T> c = new HookChain<>(point, type);
        if (chains == null) {
            chains = new ArrayList<>();
        }
        chains.add(c);
        return c;
    }

    public void setSettings(HookSettings settings) {
        this.settings = settings;
    }

    public HookSettings settings() {
        return settings;
    }

    /** The hook interfaces a plugin can implement. */
    public List<Class<?>> hookTypes() {
        return chains.stream().<Class<?>>map(HookChain::type).toList();
    }

    // ---- registration --------------------------------------------------------------------------------------

    /**
     * Registers {@code hook} at every point whose interface it implements.
     *
     * @return the points it was registered at
     */
    public synchronized List<String> register(Object hook, String plugin, int ranking) {
        long order = ++registrations;
        List<String> points = new ArrayList<>();
        for (HookChain<?> c : chains) {
            if (c.type().isInstance(hook)) {
                c.add(hook, plugin, ranking, order);
                points.add(c.point());
            }
        }
        return points;
    }

    /** Registers {@code hook} only at the points of {@code types} (an OSGi service registered under those names). */
    public synchronized List<String> register(Object hook, String plugin, int ranking, List<String> typeNames) {
        long order = ++registrations;
        List<String> points = new ArrayList<>();
        for (HookChain<?> c : chains) {
            if (typeNames.contains(c.type().getName()) && c.type().isInstance(hook)) {
                c.add(hook, plugin, ranking, order);
                points.add(c.point());
            }
        }
        return points;
    }

    public synchronized void unregister(Object hook) {
        for (HookChain<?> c : chains) {
            c.remove(hook);
        }
    }

    /** Counters of every registered hook, by plugin then point. */
    public List<HookStats> stats() {
        List<HookStats> out = new ArrayList<>();
        for (HookChain<?> c : chains) {
            for (HookEntry<?> e : c.entries()) {
                out.add(e.stats());
            }
        }
        out.sort((a, b) -> a.plugin().equals(b.plugin()) ? a.hook().compareTo(b.hook()) : a.plugin().compareTo(b.plugin()));
        return out;
    }

    /** Registered hooks per point: {@code point → [plugin, …]} in call order. */
    public Map<String, List<String>> registered() {
        Map<String, List<String>> out = new LinkedHashMap<>();
        for (HookChain<?> c : chains) {
            List<String> plugins = new ArrayList<>();
            for (HookEntry<?> e : c.entries()) {
                plugins.add(e.plugin);
            }
            if (!plugins.isEmpty()) {
                out.put(c.point(), plugins);
            }
        }
        return out;
    }

    // ---- observer points -----------------------------------------------------------------------------------

    public void clientConnected(ClientInfo client) {
        for (HookEntry<ClientConnected> e : clientConnected.entries()) {
            long t0 = System.nanoTime();
            try {
                e.hook.onConnected(client);
            } catch (Throwable t) {
                failed(e, t);
            }
            done(e, t0);
        }
    }

    public void clientDisconnected(ClientInfo client, String reason) {
        for (HookEntry<ClientDisconnected> e : clientDisconnected.entries()) {
            long t0 = System.nanoTime();
            try {
                e.hook.onDisconnected(client, reason);
            } catch (Throwable t) {
                failed(e, t);
            }
            done(e, t0);
        }
    }

    public void clientConnack(ClientInfo client, int code, List<UserProperty> properties) {
        for (HookEntry<ClientConnack> e : clientConnack.entries()) {
            long t0 = System.nanoTime();
            try {
                e.hook.onConnack(client, code, properties);
            } catch (Throwable t) {
                failed(e, t);
            }
            done(e, t0);
        }
    }

    public void clientSubscribe(ClientInfo client, List<SubscribeRequest> requests) {
        for (HookEntry<ClientSubscribe> e : clientSubscribe.entries()) {
            long t0 = System.nanoTime();
            try {
                e.hook.onSubscribe(client, requests);
            } catch (Throwable t) {
                failed(e, t);
            }
            done(e, t0);
        }
    }

    public void clientUnsubscribe(ClientInfo client, List<UnsubscribeRequest> requests) {
        for (HookEntry<ClientUnsubscribe> e : clientUnsubscribe.entries()) {
            long t0 = System.nanoTime();
            try {
                e.hook.onUnsubscribe(client, requests);
            } catch (Throwable t) {
                failed(e, t);
            }
            done(e, t0);
        }
    }

    public void sessionCreated(ClientInfo client) {
        for (HookEntry<SessionCreated> e : sessionCreated.entries()) {
            long t0 = System.nanoTime();
            try {
                e.hook.onSessionCreated(client);
            } catch (Throwable t) {
                failed(e, t);
            }
            done(e, t0);
        }
    }

    public void sessionResumed(ClientInfo client) {
        for (HookEntry<SessionResumed> e : sessionResumed.entries()) {
            long t0 = System.nanoTime();
            try {
                e.hook.onSessionResumed(client);
            } catch (Throwable t) {
                failed(e, t);
            }
            done(e, t0);
        }
    }

    public void sessionSubscribed(ClientInfo client, Subscription subscription) {
        for (HookEntry<SessionSubscribed> e : sessionSubscribed.entries()) {
            long t0 = System.nanoTime();
            try {
                e.hook.onSessionSubscribed(client, subscription);
            } catch (Throwable t) {
                failed(e, t);
            }
            done(e, t0);
        }
    }

    public void sessionUnsubscribed(ClientInfo client, String filter) {
        for (HookEntry<SessionUnsubscribed> e : sessionUnsubscribed.entries()) {
            long t0 = System.nanoTime();
            try {
                e.hook.onSessionUnsubscribed(client, filter);
            } catch (Throwable t) {
                failed(e, t);
            }
            done(e, t0);
        }
    }

    public void sessionDiscarded(ClientInfo client) {
        for (HookEntry<SessionDiscarded> e : sessionDiscarded.entries()) {
            long t0 = System.nanoTime();
            try {
                e.hook.onSessionDiscarded(client);
            } catch (Throwable t) {
                failed(e, t);
            }
            done(e, t0);
        }
    }

    public void sessionTakenOver(ClientInfo previous) {
        for (HookEntry<SessionTakenOver> e : sessionTakenOver.entries()) {
            long t0 = System.nanoTime();
            try {
                e.hook.onSessionTakenOver(previous);
            } catch (Throwable t) {
                failed(e, t);
            }
            done(e, t0);
        }
    }

    public void sessionTerminated(ClientInfo client, String reason) {
        for (HookEntry<SessionTerminated> e : sessionTerminated.entries()) {
            long t0 = System.nanoTime();
            try {
                e.hook.onSessionTerminated(client, reason);
            } catch (Throwable t) {
                failed(e, t);
            }
            done(e, t0);
        }
    }

    /** @return the message to send to this subscriber (possibly changed by a hook) */
    public Message messageDelivered(ClientInfo subscriber, Message message) {
        Message m = message;
        for (HookEntry<MessageDelivered> e : messageDelivered.entries()) {
            long t0 = System.nanoTime();
            try {
                Message changed = e.hook.onDelivered(subscriber, m);
                if (changed != null) {
                    m = changed;
                }
            } catch (Throwable t) {
                failed(e, t);
            }
            done(e, t0);
        }
        return m;
    }

    public void messageAcked(ClientInfo subscriber, Message message) {
        for (HookEntry<MessageAcked> e : messageAcked.entries()) {
            long t0 = System.nanoTime();
            try {
                e.hook.onAcked(subscriber, message);
            } catch (Throwable t) {
                failed(e, t);
            }
            done(e, t0);
        }
    }

    public void messageDropped(Message message, DropReason reason, ClientInfo client) {
        for (HookEntry<MessageDropped> e : messageDropped.entries()) {
            long t0 = System.nanoTime();
            try {
                e.hook.onDropped(message, reason, client);
            } catch (Throwable t) {
                failed(e, t);
            }
            done(e, t0);
        }
    }

    // ---- chain points that may wait ------------------------------------------------------------------------

    /**
     * Runs {@code client.connect}: the first rejection wins.
     *
     * @param executor where continuations run after an asynchronous hook (the client's I/O thread)
     */
    public CompletableFuture<ConnectResult> clientConnect(ConnectRequest request, Executor executor) {
        return runChain(clientConnect.entries(), 0, h -> h.onConnect(request), ConnectResult::isRejected,
                PROCEED, timedOut -> settings.connectTimeoutRejects()
                        ? ConnectResult.reject(ConnectReason.SERVER_BUSY, "connect hook timed out") : null,
                plugin -> null, executor);
    }

    /** Runs {@code client.authenticate}: the first ALLOW or DENY wins; {@code IGNORE} when all ignore. */
    public CompletableFuture<AuthResult> clientAuthenticate(ConnectRequest request, Executor executor) {
        return runChain(clientAuthenticate.entries(), 0, h -> h.authenticate(request),
                r -> r.decision() != AuthResult.Decision.IGNORE, AUTH_IGNORE,
                timedOut -> settings.authTimeoutDenies() ? AuthResult.of(AuthResult.Decision.DENY, false) : null,
                plugin -> settings.authErrorDenies(plugin) ? AUTH_FAILED : null, executor);
    }

    /** Runs {@code client.check_acl}: the first ALLOW or DENY wins; {@code IGNORE} when all ignore. */
    public CompletableFuture<AclResult> clientCheckAcl(ClientInfo client, AclAction action, String topic,
                                                       Executor executor) {
        metrics.inc(Metric.CLIENT_CHECK_ACL);
        return runChain(clientCheckAcl.entries(), 0, h -> h.checkAcl(client, action, topic),
                r -> r != AclResult.IGNORE, ACL_IGNORE,
                timedOut -> settings.aclTimeoutDenies() ? AclResult.DENY : null,
                plugin -> settings.aclErrorDenies(plugin) ? AclResult.DENY : null, executor);
    }

    /**
     * Runs {@code message.publish}: each hook sees the message the previous one passed on.
     *
     * @return a result whose {@link PublishResult#message()} is the message to route (CONTINUE), or STOP/FAIL
     */
    public CompletableFuture<PublishResult> messagePublish(ClientInfo publisher, Message message, Executor executor) {
        HookEntry<MessagePublish>[] entries = messagePublish.entries();
        return publishFrom(entries, 0, publisher, message, executor);
    }

    private CompletableFuture<PublishResult> publishFrom(HookEntry<MessagePublish>[] entries, int start,
                                                         ClientInfo publisher, Message message, Executor executor) {
        Message current = message;
        for (int i = start; i < entries.length; i++) {
            HookEntry<MessagePublish> e = entries[i];
            long t0 = System.nanoTime();
            CompletionStage<PublishResult> stage;
            try {
                stage = e.hook.onPublish(publisher, current);
            } catch (Throwable t) {
                failed(e, t);
                done(e, t0);
                continue;
            }
            CompletableFuture<PublishResult> cf = stage == null ? null : stage.toCompletableFuture();
            if (cf == null || cf.isDone()) {
                done(e, t0);
                PublishResult r = cf == null ? null : valueOf(e, cf);
                if (r == null) {
                    continue;
                }
                if (r.action() != PublishResult.Action.CONTINUE) {
                    return CompletableFuture.completedFuture(r);
                }
                if (r.message() != null) {
                    current = r.message();
                }
                continue;
            }
            // asynchronous: continue the chain on the client's thread when the hook completes or times out
            final int next = i + 1;
            final Message before = current;
            return withTimeout(e, cf, t0).thenComposeAsync(r -> {
                if (r == TIMED_OUT) {
                    if (settings.publishTimeoutFails()) {
                        return CompletableFuture.completedFuture(PublishResult.fail(0x80));
                    }
                    return publishFrom(entries, next, publisher, before, executor);
                }
                if (r instanceof Failure f) {
                    failed(e, f.cause()); // message.publish: a failing hook has no opinion
                    return publishFrom(entries, next, publisher, before, executor);
                }
                PublishResult pr = (PublishResult) r;
                if (pr == null) {
                    return publishFrom(entries, next, publisher, before, executor);
                }
                if (pr.action() != PublishResult.Action.CONTINUE) {
                    return CompletableFuture.completedFuture(pr);
                }
                return publishFrom(entries, next, publisher, pr.message() != null ? pr.message() : before, executor);
            }, executor);
        }
        return CompletableFuture.completedFuture(current == message ? CONTINUE_RESULT : continueWith(current));
    }

    private static PublishResult continueWith(Message m) {
        return PublishResult.proceedWith(m).toCompletableFuture().join();
    }

    private static final PublishResult CONTINUE_RESULT = PublishResult.proceed().toCompletableFuture().join();
    private static final ConnectResult PROCEED = ConnectResult.proceed().toCompletableFuture().join();
    private static final AuthResult AUTH_IGNORE = AuthResult.ignore().toCompletableFuture().join();
    private static final AclResult ACL_IGNORE = AclResult.IGNORE;
    /** What a failing authenticator means when failures deny: the server cannot vouch for the client now. */
    private static final AuthResult AUTH_FAILED = AuthResult.deny(ConnectReason.SERVER_UNAVAILABLE)
            .toCompletableFuture().join();
    private static final Object TIMED_OUT = new Object();

    /**
     * The generic sequential chain: call each hook; stop at the first decisive result. A hook that answers
     * {@code null} counts as undecided; one that throws or fails gives {@code onError}'s outcome for its plugin (fail
     * closed), or counts as undecided when that is {@code null}. Completed stages are consumed inline without
     * allocation.
     *
     * @param onTimeout the result to use when a hook times out, or {@code null} to treat the timeout as undecided
     * @param onError   plugin name → the result when its hook fails, or {@code null} to go on
     */
    private <T, R> CompletableFuture<R> runChain(HookEntry<T>[] entries, int start,
                                                 Function<T, CompletionStage<R>> call,
                                                 java.util.function.Predicate<R> decisive, R undecided,
                                                 Function<Boolean, R> onTimeout, Function<String, R> onError,
                                                 Executor executor) {
        for (int i = start; i < entries.length; i++) {
            HookEntry<T> e = entries[i];
            long t0 = System.nanoTime();
            CompletionStage<R> stage;
            try {
                stage = call.apply(e.hook);
            } catch (Throwable t) {
                done(e, t0);
                R outcome = failed(e, t, onError);
                if (outcome != null) {
                    return CompletableFuture.completedFuture(outcome);
                }
                continue;
            }
            CompletableFuture<R> cf = stage == null ? null : stage.toCompletableFuture();
            if (cf == null || cf.isDone()) {
                done(e, t0);
                if (cf != null && cf.isCompletedExceptionally()) {
                    R outcome = failed(e, causeOf(cf), onError);
                    if (outcome != null) {
                        return CompletableFuture.completedFuture(outcome);
                    }
                    continue;
                }
                R r = cf == null ? null : cf.join();
                if (r != null && decisive.test(r)) {
                    return CompletableFuture.completedFuture(r);
                }
                continue;
            }
            final int next = i + 1;
            return withTimeout(e, cf, t0).thenComposeAsync(r -> {
                if (r == TIMED_OUT) {
                    R outcome = onTimeout.apply(Boolean.TRUE);
                    if (outcome != null) {
                        return CompletableFuture.completedFuture(outcome);
                    }
                } else if (r instanceof Failure f) {
                    R outcome = failed(e, f.cause(), onError);
                    if (outcome != null) {
                        return CompletableFuture.completedFuture(outcome);
                    }
                } else {
                    @SuppressWarnings("unchecked")
                    R value = (R) r;
                    if (value != null && decisive.test(value)) {
                        return CompletableFuture.completedFuture(value);
                    }
                }
                return runChain(entries, next, call, decisive, undecided, onTimeout, onError, executor);
            }, executor);
        }
        return CompletableFuture.completedFuture(undecided);
    }

    /** A hook's stage that completed exceptionally, as {@link #withTimeout} reports it. */
    private record Failure(Throwable cause) {
    }

    private static Throwable causeOf(CompletableFuture<?> failed) {
        try {
            failed.join();
            return new IllegalStateException("not failed");
        } catch (Throwable t) {
            return t.getCause() != null ? t.getCause() : t;
        }
    }

    /**
     * Completes with the hook's value, a {@link Failure} (not yet logged or counted), or {@link #TIMED_OUT}; records
     * time either way.
     */
    private <T, R> CompletableFuture<Object> withTimeout(HookEntry<T> e, CompletableFuture<R> cf, long t0) {
        long timeoutMs = settings.timeout().toMillis();
        warnIfSlow(e, System.nanoTime() - t0); // the part spent on the calling (I/O) thread
        return cf.copy().orTimeout(timeoutMs, TimeUnit.MILLISECONDS).handle((value, error) -> {
            e.record(System.nanoTime() - t0); // statistics count the whole wait; waiting is not blocking
            if (error == null) {
                return value;
            }
            Throwable cause = error instanceof java.util.concurrent.CompletionException && error.getCause() != null
                    ? error.getCause() : error;
            if (cause instanceof TimeoutException) {
                e.timeouts.increment();
                metrics.inc(Metric.HOOK_TIMEOUTS);
                LOG.warn("Hook {} of plugin {} did not answer within {} ms", e.point, e.plugin, timeoutMs);
                return TIMED_OUT;
            }
            return new Failure(cause);
        });
    }

    private <T, R> R valueOf(HookEntry<T> e, CompletableFuture<R> cf) {
        try {
            return cf.join();
        } catch (Throwable t) {
            failed(e, t.getCause() != null ? t.getCause() : t);
            return null;
        }
    }

    private void failed(HookEntry<?> e, Throwable t) {
        e.errors.increment();
        metrics.inc(Metric.HOOK_ERRORS);
        LOG.error("Hook {} of plugin {} failed; treated as no opinion", e.point, e.plugin, t);
    }

    /** Logs and counts a failed chain hook; @return {@code onError}'s outcome for its plugin, or null to go on */
    private <R> R failed(HookEntry<?> e, Throwable t, Function<String, R> onError) {
        R outcome = onError.apply(e.plugin);
        if (outcome == null) {
            failed(e, t);
            return null;
        }
        e.errors.increment();
        metrics.inc(Metric.HOOK_ERRORS);
        LOG.error("Hook {} of plugin {} failed; denied (fail closed; hook.on_error.{} = ignore would go on with the "
                + "next hook)", e.point, e.plugin, e.plugin, t);
        return outcome;
    }

    private void done(HookEntry<?> e, long t0) {
        long nanos = System.nanoTime() - t0;
        e.record(nanos);
        warnIfSlow(e, nanos);
    }

    /** A hook call that held the calling thread longer than {@code hook.slow_threshold} is logged (once per 10 s). */
    private void warnIfSlow(HookEntry<?> e, long nanos) {
        if (nanos > settings.slowThreshold().toNanos()) {
            long now = System.currentTimeMillis();
            if (now - e.lastSlowWarning > 10_000) {
                e.lastSlowWarning = now;
                LOG.warn("Hook {} of plugin {} took {} ms (budget {} ms); hooks must not block", e.point, e.plugin,
                        nanos / 1_000_000, settings.slowThreshold().toMillis());
            }
        }
    }
}
