package io.osprey.plugin.mysql.store;

import java.sql.Timestamp;
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
import io.osprey.plugin.mysql.config.HookRule;
import io.osprey.plugin.mysql.config.MysqlSettings;
import io.osprey.plugin.mysql.config.Points;
import io.osprey.plugin.mysql.sql.SqlTemplate;
import io.osprey.plugin.mysql.sql.Write;
import io.osprey.plugin.mysql.sql.Writer;

/**
 * The backend's hooks: each call looks up the rules of its point and, for those whose topic matches, queues writes
 * (never waiting for MySQL) or hands a lookup to the query threads. Values are bound as parameters when the hook
 * runs; the broker's {@link ClientInfo} is not kept.
 * <p>
 * Registered only at the points that have rules (see {@link #points()}), so points without rules cost nothing.
 */
public final class BackendHooks implements ClientConnected, ClientDisconnected, SessionCreated, SessionSubscribed,
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

    private static final HookRule[] NONE = new HookRule[0];

    private final Writer writer;
    private final Lookups lookups;
    private final SubscriptionService subscriptions;
    private final String node;
    private volatile Map<String, HookRule[]> rules = Map.of();

    public BackendHooks(Writer writer, Lookups lookups, SubscriptionService subscriptions, String node) {
        this.writer = writer;
        this.lookups = lookups;
        this.subscriptions = subscriptions;
        this.node = node;
    }

    /** Takes the rules of a new configuration. */
    public void configure(MysqlSettings settings) {
        Map<String, HookRule[]> byPoint = new HashMap<>();
        for (String point : INTERFACES.keySet()) {
            List<HookRule> r = settings.rules(point);
            if (!r.isEmpty()) {
                byPoint.put(point, r.toArray(HookRule[]::new));
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

    private HookRule[] rules(String point) {
        HookRule[] r = rules.get(point);
        return r == null ? NONE : r;
    }

    private void sql(HookRule rule, SqlTemplate.Vars vars) {
        for (SqlTemplate t : rule.sql()) {
            writer.offer(new Write(t.sql(), t.bind(vars)));
        }
    }

    // ---- client and session points ----------------------------------------------------------------------------

    @Override
    public void onConnected(ClientInfo client) {
        for (HookRule rule : rules(Points.CLIENT_CONNECTED)) {
            if (rule.is(Points.ON_CLIENT_CONNECTED)) {
                writer.offer(new Write(Statements.CLIENT_CONNECTED, new Object[] {client.clientId(), node,
                        new Timestamp(System.currentTimeMillis())}));
            } else if (rule.is(Points.ON_SUBSCRIBE_LOOKUP)) {
                lookups.restoreSubscriptions(client.clientId());
            } else {
                sql(rule, clientVars(client, null));
            }
        }
    }

    @Override
    public void onDisconnected(ClientInfo client, String reason) {
        for (HookRule rule : rules(Points.CLIENT_DISCONNECTED)) {
            if (rule.is(Points.ON_CLIENT_DISCONNECTED)) {
                // a taken-over connection: the client id is online through the connection that took over
                if (!"takenover".equals(reason)) {
                    writer.offer(new Write(Statements.CLIENT_DISCONNECTED, new Object[] {
                            new Timestamp(System.currentTimeMillis()), client.clientId()}));
                }
            } else {
                sql(rule, clientVars(client, reason));
            }
        }
    }

    @Override
    public void onSessionCreated(ClientInfo client) {
        for (HookRule rule : rules(Points.SESSION_CREATED)) {
            if (rule.is(Points.ON_SUBSCRIBE_LOOKUP)) {
                lookups.restoreSubscriptions(client.clientId());
            } else {
                sql(rule, clientVars(client, null));
            }
        }
    }

    @Override
    public void onSessionSubscribed(ClientInfo client, Subscription subscription) {
        for (HookRule rule : rules(Points.SESSION_SUBSCRIBED)) {
            if (!rule.appliesTo(subscription.topicFilter())) {
                continue;
            }
            if (rule.is(Points.ON_MESSAGE_FETCH)) {
                lookups.fetch(client.clientId(), subscription, rule);
            } else if (rule.is(Points.ON_RETAIN_LOOKUP)) {
                lookups.retained(client.clientId(), subscription);
            } else {
                sql(rule, name -> switch (name) {
                    case "topic" -> subscription.topicFilter();
                    case "qos" -> subscription.options().qos();
                    default -> clientValue(client, name);
                });
            }
        }
    }

    @Override
    public void onSessionUnsubscribed(ClientInfo client, String topicFilter) {
        for (HookRule rule : rules(Points.SESSION_UNSUBSCRIBED)) {
            if (rule.appliesTo(topicFilter)) {
                sql(rule, name -> name.equals("topic") ? topicFilter : clientValue(client, name));
            }
        }
    }

    // ---- message points ---------------------------------------------------------------------------------------

    @Override
    public CompletionStage<PublishResult> onPublish(ClientInfo publisher, Message message) {
        for (HookRule rule : rules(Points.MESSAGE_PUBLISH)) {
            if (!rule.appliesTo(message.topic())) {
                continue;
            }
            if (rule.is(Points.ON_MESSAGE_PUBLISH)) {
                if (message.qos() > 0) {
                    writer.offer(new Write(Statements.STORE_MESSAGE, new Object[] {message.idString(),
                            message.topic(), message.fromClientId(), node, message.qos(), message.retain() ? 1 : 0,
                            message.payload(), new Timestamp(message.timestamp())}));
                }
            } else if (rule.is(Points.ON_MESSAGE_RETAIN)) {
                if (message.retain() && message.payload().length > 0) {
                    writer.offer(new Write(Statements.STORE_RETAINED, new Object[] {message.topic(),
                            message.idString(), message.fromClientId(), node, message.qos(), message.payload(),
                            new Timestamp(message.timestamp())}));
                }
            } else if (rule.is(Points.ON_RETAIN_DELETE)) {
                if (message.retain() && message.payload().length == 0) {
                    writer.offer(new Write(Statements.DELETE_RETAINED, new Object[] {message.topic()}));
                }
            } else {
                sql(rule, messageVars(publisher, message));
            }
        }
        return PublishResult.proceed();
    }

    @Override
    public Message onDelivered(ClientInfo subscriber, Message message) {
        for (HookRule rule : rules(Points.MESSAGE_DELIVERED)) {
            if (rule.appliesTo(message.topic())) {
                sql(rule, messageVars(subscriber, message));
            }
        }
        return message;
    }

    @Override
    public void onAcked(ClientInfo subscriber, Message message) {
        for (HookRule rule : rules(Points.MESSAGE_ACKED)) {
            if (!rule.appliesTo(message.topic())) {
                continue;
            }
            if (rule.is(Points.ON_MESSAGE_ACKED)) {
                // the read position is kept per subscription filter: move each one this message matched
                String clientId = subscriber.clientId();
                for (Subscription s : subscriptions.subscriptions(clientId)) {
                    if (io.osprey.api.Topic.matches(io.osprey.api.Topic.withoutShare(s.topicFilter()), message.topic())) {
                        writer.offer(new Write(Statements.ACKED, new Object[] {message.idString(), clientId,
                                s.topicFilter()}, "acked\u0000" + clientId + '\u0000' + s.topicFilter()));
                    }
                }
            } else {
                sql(rule, messageVars(subscriber, message));
            }
        }
    }

    // ---- placeholder values -----------------------------------------------------------------------------------

    private SqlTemplate.Vars clientVars(ClientInfo client, String reason) {
        return name -> name.equals("reason") ? reason : clientValue(client, name);
    }

    private Object clientValue(ClientInfo client, String name) {
        if (client == null) {
            return name.equals("node") ? node : null;
        }
        return switch (name) {
            case "clientid" -> client.clientId();
            case "username" -> client.username();
            case "peerhost" -> client.peerHost();
            case "node" -> node;
            default -> null;
        };
    }

    private SqlTemplate.Vars messageVars(ClientInfo client, Message m) {
        return name -> switch (name) {
            case "clientid" -> client != null ? client.clientId() : m.fromClientId();
            case "topic" -> m.topic();
            case "qos" -> m.qos();
            case "payload" -> m.payload();
            case "msgid" -> m.idString();
            case "retain" -> m.retain() ? 1 : 0;
            case "timestamp" -> new Timestamp(m.timestamp());
            case "sender" -> m.fromClientId();
            default -> clientValue(client, name);
        };
    }
}
