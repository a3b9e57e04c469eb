package io.osprey.backend.hooks;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;

import io.osprey.api.ClientInfo;
import io.osprey.api.Message;
import io.osprey.api.Subscription;
import io.osprey.api.hook.ClientConnected;
import io.osprey.api.hook.ClientDisconnected;
import io.osprey.api.hook.MessageAcked;
import io.osprey.api.hook.MessageDelivered;
import io.osprey.api.hook.MessagePublish;
import io.osprey.api.hook.PublishResult;
import io.osprey.api.hook.SessionCreated;
import io.osprey.api.hook.SessionSubscribed;
import io.osprey.api.hook.SessionUnsubscribed;
import io.osprey.api.service.SubscriptionService;
import io.osprey.backend.Topics;
import io.osprey.backend.Vars;
import io.osprey.backend.config.BackendSettings;
import io.osprey.backend.config.HookRule;
import io.osprey.backend.config.Points;

/**
 * A backend's hooks: each call looks up the rules of its point and, for those whose topic matches, runs the built-in
 * function through the backend's {@link Actions} or its raw statements/commands. Actions queue writes (never waiting
 * for the database) or hand lookups to the query threads. Values are taken when the hook runs; the broker's
 * {@link ClientInfo} is not kept.
 * <p>
 * Registered only at the points that have rules (see {@link #points()}), so points without rules cost nothing.
 *
 * @param <T> the backend's compiled raw action
 */
public final class BackendHooks<T> implements ClientConnected, ClientDisconnected, SessionCreated, SessionSubscribed,
        SessionUnsubscribed, MessagePublish, MessageDelivered, MessageAcked {

    /** The hook interfaces by point name. */
    public static final Map<String, Class<?>> INTERFACES = Map.of(
            Points.CLIENT_CONNECTED, ClientConnected.class,
            Points.CLIENT_DISCONNECTED, ClientDisconnected.class,
            Points.SESSION_CREATED, SessionCreated.class,
            Points.SESSION_SUBSCRIBED, SessionSubscribed.class,
            Points.SESSION_UNSUBSCRIBED, SessionUnsubscribed.class,
            Points.MESSAGE_PUBLISH, MessagePublish.class,
            Points.MESSAGE_DELIVERED, MessageDelivered.class,
            Points.MESSAGE_ACKED, MessageAcked.class);

    private final Actions<T> actions;
    private final SubscriptionService subscriptions;
    private final String node;
    private volatile Map<String, List<HookRule<T>>> rules = Map.of();

    public BackendHooks(Actions<T> actions, SubscriptionService subscriptions, String node) {
        this.actions = actions;
        this.subscriptions = subscriptions;
        this.node = node;
    }

    /** Takes the rules of a new configuration. */
    public void configure(BackendSettings<T> settings) {
        Map<String, List<HookRule<T>>> byPoint = new HashMap<>();
        for (String point : INTERFACES.keySet()) {
            List<HookRule<T>> r = settings.rules(point);
            if (!r.isEmpty()) {
                byPoint.put(point, List.copyOf(r));
            }
        }
        this.rules = Map.copyOf(byPoint);
    }

    /** The hook interfaces (class names) of the points that have rules. */
    public List<String> points() {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, Class<?>> e : INTERFACES.entrySet()) {
            if (rules.containsKey(e.getKey())) {
                out.add(e.getValue().getName());
            }
        }
        out.sort(null);
        return out;
    }

    private List<HookRule<T>> rules(String point) {
        List<HookRule<T>> r = rules.get(point);
        return r == null ? List.of() : r;
    }

    private void raw(HookRule<T> rule, Vars vars) {
        for (T action : rule.raw()) {
            actions.raw(action, vars);
        }
    }

    // ---- client and session points ----------------------------------------------------------------------------

    @Override
    public void onConnected(ClientInfo client) {
        for (HookRule<T> rule : rules(Points.CLIENT_CONNECTED)) {
            if (rule.is(Points.ON_CLIENT_CONNECTED)) {
                actions.clientConnected(client.clientId(), node);
            } else if (rule.is(Points.ON_SUBSCRIBE_LOOKUP)) {
                actions.subscribeLookup(client.clientId());
            } else {
                raw(rule, clientVars(client, null));
            }
        }
    }

    @Override
    public void onDisconnected(ClientInfo client, String reason) {
        for (HookRule<T> rule : rules(Points.CLIENT_DISCONNECTED)) {
            if (rule.is(Points.ON_CLIENT_DISCONNECTED)) {
                // a taken-over connection: the client id is online through the connection that took over
                if (!"takenover".equals(reason)) {
                    actions.clientDisconnected(client.clientId());
                }
            } else {
                raw(rule, clientVars(client, reason));
            }
        }
    }

    @Override
    public void onSessionCreated(ClientInfo client) {
        for (HookRule<T> rule : rules(Points.SESSION_CREATED)) {
            if (rule.is(Points.ON_SUBSCRIBE_LOOKUP)) {
                actions.subscribeLookup(client.clientId());
            } else {
                raw(rule, clientVars(client, null));
            }
        }
    }

    @Override
    public void onSessionSubscribed(ClientInfo client, Subscription subscription) {
        for (HookRule<T> rule : rules(Points.SESSION_SUBSCRIBED)) {
            if (!rule.appliesTo(subscription.topicFilter())) {
                continue;
            }
            if (rule.is(Points.ON_MESSAGE_FETCH)) {
                actions.messageFetch(client.clientId(), subscription, rule);
            } else if (rule.is(Points.ON_RETAIN_LOOKUP)) {
                actions.retainLookup(client.clientId(), subscription);
            } else {
                raw(rule, name -> switch (name) {
                    case "topic" -> subscription.topicFilter();
                    case "qos" -> subscription.options().qos();
                    default -> Actions.clientValue(client, name, node);
                });
            }
        }
    }

    @Override
    public void onSessionUnsubscribed(ClientInfo client, String topicFilter) {
        for (HookRule<T> rule : rules(Points.SESSION_UNSUBSCRIBED)) {
            if (rule.appliesTo(topicFilter)) {
                raw(rule, name -> name.equals("topic") ? topicFilter : Actions.clientValue(client, name, node));
            }
        }
    }

    // ---- message points ---------------------------------------------------------------------------------------

    @Override
    public CompletionStage<PublishResult> onPublish(ClientInfo publisher, Message message) {
        for (HookRule<T> rule : rules(Points.MESSAGE_PUBLISH)) {
            if (!rule.appliesTo(message.topic())) {
                continue;
            }
            if (rule.is(Points.ON_MESSAGE_PUBLISH)) {
                if (message.qos() > 0) {
                    actions.storeMessage(message, node);
                }
            } else if (rule.is(Points.ON_MESSAGE_RETAIN)) {
                if (message.retain() && message.payload().length > 0) {
                    actions.storeRetained(message, node);
                }
            } else if (rule.is(Points.ON_RETAIN_DELETE)) {
                if (message.retain() && message.payload().length == 0) {
                    actions.deleteRetained(message.topic());
                }
            } else {
                raw(rule, messageVars(publisher, message));
            }
        }
        return PublishResult.proceed();
    }

    @Override
    public Message onDelivered(ClientInfo subscriber, Message message) {
        for (HookRule<T> rule : rules(Points.MESSAGE_DELIVERED)) {
            if (rule.appliesTo(message.topic())) {
                raw(rule, messageVars(subscriber, message));
            }
        }
        return message;
    }

    @Override
    public void onAcked(ClientInfo subscriber, Message message) {
        for (HookRule<T> rule : rules(Points.MESSAGE_ACKED)) {
            if (!rule.appliesTo(message.topic())) {
                continue;
            }
            if (rule.is(Points.ON_MESSAGE_ACKED)) {
                // the read position is kept per subscription filter: move each one this message matched
                String clientId = subscriber.clientId();
                for (Subscription s : subscriptions.subscriptions(clientId)) {
                    if (io.osprey.api.Topic.matches(io.osprey.api.Topic.withoutShare(s.topicFilter()), message.topic())) {
                        actions.acked(clientId, s.topicFilter(), message);
                    }
                }
            } else {
                raw(rule, messageVars(subscriber, message));
            }
        }
    }

    // ---- placeholder values -----------------------------------------------------------------------------------

    private Vars clientVars(ClientInfo client, String reason) {
        return name -> name.equals("reason") ? reason : Actions.clientValue(client, name, node);
    }

    private Vars messageVars(ClientInfo client, Message m) {
        return name -> switch (name) {
            case "clientid" -> client != null ? client.clientId() : m.fromClientId();
            case "topic" -> m.topic();
            case "qos" -> m.qos();
            case "payload" -> m.payload();
            case "msgid" -> m.idString();
            case "retain" -> m.retain() ? 1 : 0;
            case "timestamp" -> Instant.ofEpochMilli(m.timestamp());
            case "sender" -> m.fromClientId();
            default -> Actions.clientValue(client, name, node);
        };
    }
}
