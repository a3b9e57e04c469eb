package io.osprey.broker.channel;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.netty.handler.codec.mqtt.MqttFixedHeader;
import io.netty.handler.codec.mqtt.MqttMessageIdAndPropertiesVariableHeader;
import io.netty.handler.codec.mqtt.MqttMessageType;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.netty.handler.codec.mqtt.MqttSubAckMessage;
import io.netty.handler.codec.mqtt.MqttSubAckPayload;
import io.netty.handler.codec.mqtt.MqttSubscribeMessage;
import io.netty.handler.codec.mqtt.MqttSubscriptionOption;
import io.netty.handler.codec.mqtt.MqttTopicSubscription;
import io.netty.handler.codec.mqtt.MqttUnsubAckMessage;
import io.netty.handler.codec.mqtt.MqttUnsubAckPayload;
import io.netty.handler.codec.mqtt.MqttUnsubscribeMessage;
import io.osprey.api.Subscription;
import io.osprey.api.SubscriptionOptions;
import io.osprey.api.hook.AclAction;
import io.osprey.api.hook.SubscribeRequest;
import io.osprey.api.hook.UnsubscribeRequest;
import io.osprey.broker.config.BrokerSettings;
import io.osprey.broker.metrics.Metric;
import io.osprey.broker.router.Topics;
import io.osprey.broker.session.Session;

/**
 * SUBSCRIBE → SUBACK and UNSUBSCRIBE → UNSUBACK. Each filter is checked (syntax, features enabled, limits), then
 * the ACL is asked (with the filter as subscribed, shared-subscription group included), then the
 * {@code client.subscribe} hooks may rewrite or reject it; accepted filters join the session and the router, and
 * matching retained messages follow the SUBACK as MQTT 5 Retain Handling says.
 */
final class SubscribeFlow {

    private SubscribeFlow() {
    }

    /** One filter of a SUBSCRIBE on its way to a SUBACK code. */
    private static final class Item {
        final String raw;
        Topics.Filter filter;
        SubscriptionOptions options;
        int code = -1; // -1: still accepted; otherwise the MQTT 5 failure code

        Item(String raw) {
            this.raw = raw;
        }
    }

    static void subscribe(MqttConnection c, MqttSubscribeMessage m) {
        c.metrics.inc(Metric.PACKETS_SUBSCRIBE_RECEIVED);
        c.metrics.inc(Metric.CLIENT_SUBSCRIBE);
        BrokerSettings s = c.settings;
        boolean v5 = c.protocolVersion >= 5;
        int packetId = m.idAndPropertiesVariableHeader().messageId();
        List<MqttTopicSubscription> subs = m.payload().topicSubscriptions();
        if (subs.isEmpty()) {
            c.protocolError("SUBSCRIBE without topic filters"); // [MQTT-3.8.3-3]
            return;
        }
        int subscriptionId = 0;
        if (v5) {
            MqttProperties props = m.idAndPropertiesVariableHeader().properties();
            List<? extends MqttProperties.MqttProperty> ids = props.getProperties(MqttProperties.SUBSCRIPTION_IDENTIFIER);
            if (ids.size() > 1) {
                c.protocolError("more than one Subscription Identifier");
                return;
            }
            if (ids.size() == 1) {
                subscriptionId = (Integer) ids.get(0).value();
                if (subscriptionId == 0) {
                    c.protocolError("Subscription Identifier 0"); // [MQTT-3.8.2-2]
                    return;
                }
            }
        }
        List<Item> items = new ArrayList<>(subs.size());
        int newInPacket = 0;
        for (MqttTopicSubscription sub : subs) {
            MqttSubscriptionOption o = sub.option();
            if (!v5 && (o.isNoLocal() || o.isRetainAsPublished()
                    || o.retainHandling() != MqttSubscriptionOption.RetainedHandlingPolicy.SEND_AT_SUBSCRIBE)) {
                c.close(ShutdownReason.PROTOCOL_ERROR, 0, "reserved bits set in subscription options"); // [MQTT-3.8.3-4]
                return;
            }
            Item item = new Item(sub.topicName());
            int qos = o.qos().value();
            item.options = new SubscriptionOptions(Math.min(qos, s.maxQosAllowed()), o.isNoLocal(),
                    o.isRetainAsPublished(), o.retainHandling().value(), subscriptionId);
            item.filter = sub.topicName() == null ? null : Topics.parseFilter(sub.topicName());
            if (item.filter == null) {
                item.code = 0x8F; // Topic Filter invalid
            } else if (item.filter.isShared() && !s.sharedSubscription()) {
                item.code = 0x9E; // Shared Subscriptions not supported
            } else if (item.filter.isShared() && o.isNoLocal()) {
                c.protocolError("No Local on a shared subscription"); // [MQTT-3.8.3-4]
                return;
            } else if (!s.wildcardSubscription() && Topics.hasWildcard(item.filter.filter())) {
                item.code = 0xA2; // Wildcard Subscriptions not supported
            } else if (s.maxTopicLevels() > 0 && Topics.levels(item.filter.filter()) > s.maxTopicLevels()) {
                item.code = 0x8F;
            } else if (s.maxSubscriptions() > 0 && !c.session.subscriptions().containsKey(item.raw)
                    && c.session.subscriptions().size() + newInPacket >= s.maxSubscriptions()) {
                item.code = 0x97; // Quota exceeded
            } else if (!c.session.subscriptions().containsKey(item.raw)) {
                newInPacket++;
            }
            items.add(item);
        }
        checkAcl(c, packetId, items);
    }

    private static void checkAcl(MqttConnection c, int packetId, List<Item> items) {
        List<CompletableFuture<Boolean>> pending = null;
        List<Item> asked = null;
        for (Item item : items) {
            if (item.code >= 0) {
                continue;
            }
            // as the client sent it: with a $share/<group>/ or $queue/ prefix, so that rules can name the group
            Boolean quick = AclCheck.quick(c, AclAction.SUBSCRIBE, item.raw);
            if (quick != null) {
                if (!quick) {
                    item.code = 0x87;
                }
            } else {
                if (pending == null) {
                    pending = new ArrayList<>();
                    asked = new ArrayList<>();
                }
                pending.add(AclCheck.ask(c, AclAction.SUBSCRIBE, item.raw));
                asked.add(item);
            }
        }
        if (pending == null) {
            afterAcl(c, packetId, items);
            return;
        }
        List<CompletableFuture<Boolean>> futures = pending;
        List<Item> askedItems = asked;
        CompletableFuture<Void> all = CompletableFuture.allOf(futures.toArray(new CompletableFuture[0]));
        ConnectFlow.await(c, all, ignored -> {
            for (int i = 0; i < futures.size(); i++) {
                if (!futures.get(i).join()) {
                    askedItems.get(i).code = 0x87;
                }
            }
            afterAcl(c, packetId, items);
        });
    }

    private static void afterAcl(MqttConnection c, int packetId, List<Item> items) {
        boolean denied = items.stream().anyMatch(i -> i.code == 0x87);
        if (denied) {
            c.metrics.inc(Metric.PACKETS_SUBSCRIBE_AUTH_ERROR);
            if (c.settings.aclDenyDisconnect()) {
                c.close(ShutdownReason.NOT_AUTHORIZED, 0x87, "not authorized to subscribe");
                return;
            }
        }
        // client.subscribe hooks see the accepted filters and may rewrite or reject them
        List<SubscribeRequest> requests = new ArrayList<>();
        List<Item> requested = new ArrayList<>();
        for (Item item : items) {
            if (item.code < 0) {
                requests.add(new SubscribeRequest(item.raw, item.options));
                requested.add(item);
            }
        }
        if (!requests.isEmpty() && !c.broker.hooks().clientSubscribe.isEmpty()) {
            c.broker.hooks().clientSubscribe(c, requests);
        }
        Session session = c.session;
        int[] codes = new int[items.size()];
        List<Runnable> retained = new ArrayList<>();
        for (int i = 0, r = 0; i < items.size(); i++) {
            Item item = items.get(i);
            if (item.code < 0) {
                SubscribeRequest req = requests.get(r++);
                if (req.isRejected()) {
                    item.code = req.rejectCode();
                } else {
                    String raw = req.topicFilter();
                    Topics.Filter f = raw.equals(item.raw) ? item.filter : Topics.parseFilter(raw);
                    if (f == null) {
                        item.code = 0x8F;
                    } else {
                        SubscriptionOptions o = req.options();
                        boolean isNew = session.subscribe(raw, f, o);
                        c.broker.hooks().sessionSubscribed(c, new Subscription(c.clientId, raw, o));
                        codes[i] = o.qos();
                        if (!f.isShared() && (o.retainHandling() == 0 || (o.retainHandling() == 1 && isNew))) {
                            retained.add(() -> sendRetained(c, session, f.filter(), o));
                        }
                        continue;
                    }
                }
            }
            if (item.code >= 0) {
                c.metrics.inc(Metric.PACKETS_SUBSCRIBE_ERROR);
                codes[i] = c.protocolVersion >= 5 ? item.code : 0x80;
            }
        }
        MqttFixedHeader fh = new MqttFixedHeader(MqttMessageType.SUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0);
        c.writeObject(new MqttSubAckMessage(fh, new MqttMessageIdAndPropertiesVariableHeader(packetId,
                MqttProperties.NO_PROPERTIES), new MqttSubAckPayload(codes)));
        c.metrics.inc(Metric.PACKETS_SUBACK_SENT);
        // retained messages go after the SUBACK [MQTT-3.8.4-...]: the session queues them behind it
        retained.forEach(Runnable::run);
    }

    private static void sendRetained(MqttConnection c, Session session, String filter, SubscriptionOptions o) {
        if (!c.settings.retainAvailable()) {
            return;
        }
        c.broker.retained().match(filter, System.currentTimeMillis(), msg -> session.deliverRetained(msg, o));
    }

    static void unsubscribe(MqttConnection c, MqttUnsubscribeMessage m) {
        c.metrics.inc(Metric.PACKETS_UNSUBSCRIBE_RECEIVED);
        c.metrics.inc(Metric.CLIENT_UNSUBSCRIBE);
        List<String> filters = m.payload().topics();
        if (filters.isEmpty()) {
            c.protocolError("UNSUBSCRIBE without topic filters"); // [MQTT-3.10.3-2]
            return;
        }
        List<UnsubscribeRequest> requests = new ArrayList<>(filters.size());
        for (String f : filters) {
            requests.add(new UnsubscribeRequest(f));
        }
        if (!c.broker.hooks().clientUnsubscribe.isEmpty()) {
            c.broker.hooks().clientUnsubscribe(c, requests);
        }
        short[] codes = new short[requests.size()];
        for (int i = 0; i < requests.size(); i++) {
            String f = requests.get(i).topicFilter();
            if (f == null || Topics.parseFilter(f) == null) {
                codes[i] = 0x8F;
                c.metrics.inc(Metric.PACKETS_UNSUBSCRIBE_ERROR);
            } else if (c.session.unsubscribe(f)) {
                codes[i] = 0;
                c.broker.hooks().sessionUnsubscribed(c, f);
            } else {
                codes[i] = 0x11; // No subscription existed
            }
        }
        int packetId = m.idAndPropertiesVariableHeader().messageId();
        MqttFixedHeader fh = new MqttFixedHeader(MqttMessageType.UNSUBACK, false, MqttQoS.AT_MOST_ONCE, false, 0);
        MqttUnsubAckPayload payload = c.protocolVersion >= 5 ? new MqttUnsubAckPayload(codes) : null;
        c.writeObject(new MqttUnsubAckMessage(fh, new MqttMessageIdAndPropertiesVariableHeader(packetId,
                MqttProperties.NO_PROPERTIES), payload));
        c.metrics.inc(Metric.PACKETS_UNSUBACK_SENT);
    }
}
