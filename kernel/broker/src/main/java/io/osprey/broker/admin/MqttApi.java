package io.osprey.broker.admin;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.osprey.api.Message;
import io.osprey.api.SubscriptionOptions;
import io.osprey.api.service.ApiException;
import io.osprey.api.service.ApiRequest;
import io.osprey.api.service.ApiResource;
import io.osprey.api.service.ApiRoute;
import io.osprey.api.service.PublishService;
import io.osprey.api.service.SubscriptionService;
import io.osprey.broker.router.Topics;

/**
 * {@code POST /api/v4/mqtt/publish}, {@code /api/v4/mqtt/subscribe}, {@code /api/v4/mqtt/unsubscribe} with EMQX v4's
 * request bodies: {@code {"topic","payload","qos","retain","clientid","encoding":"plain|base64"}}.
 */
public final class MqttApi implements ApiResource {

    private final PublishService publisher;
    private final SubscriptionService subscriptions;

    public MqttApi(PublishService publisher, SubscriptionService subscriptions) {
        this.publisher = publisher;
        this.subscriptions = subscriptions;
    }

    @Override
    public List<ApiRoute> routes() {
        return List.of(
                ApiRoute.post("/api/v4/mqtt/publish", this::publish),
                ApiRoute.post("/api/v4/mqtt/subscribe", this::subscribe),
                ApiRoute.post("/api/v4/mqtt/unsubscribe", this::unsubscribe));
    }

    private Object publish(ApiRequest r) throws ApiException {
        Map<?, ?> body = body(r);
        String topic = str(body, "topic", true);
        if (!Topics.isValidName(topic)) {
            throw ApiException.badRequest("invalid topic name: " + topic);
        }
        String payload = str(body, "payload", false);
        byte[] bytes = payload == null ? new byte[0]
                : "base64".equals(body.get("encoding")) ? decode(payload) : payload.getBytes(StandardCharsets.UTF_8);
        int qos = qos(body);
        boolean retain = Boolean.TRUE.equals(body.get("retain"));
        Message m = Message.builder(topic).payload(bytes).qos(qos).retain(retain)
                .from(str(body, "clientid", false), null).build();
        publisher.publish(m);
        return Map.of("id", m.idString());
    }

    private Object subscribe(ApiRequest r) throws ApiException {
        Map<?, ?> body = body(r);
        String client = str(body, "clientid", true);
        String topic = str(body, "topic", true);
        if (!subscriptions.subscribe(client, topic, SubscriptionOptions.ofQos(qos(body)))) {
            throw ApiException.notFound("no session " + client + ", or invalid topic filter " + topic);
        }
        return null;
    }

    private Object unsubscribe(ApiRequest r) throws ApiException {
        Map<?, ?> body = body(r);
        String client = str(body, "clientid", true);
        String topic = str(body, "topic", true);
        if (!subscriptions.unsubscribe(client, topic)) {
            throw ApiException.notFound("no subscription " + topic + " for " + client);
        }
        return null;
    }

    private static Map<?, ?> body(ApiRequest r) throws ApiException {
        if (r.jsonBody() instanceof Map<?, ?> m) {
            return m;
        }
        throw ApiException.badRequest("the body must be a JSON object");
    }

    private static String str(Map<?, ?> body, String key, boolean required) throws ApiException {
        Object v = body.get(key);
        if (v == null) {
            if (required) {
                throw ApiException.badRequest("missing \"" + key + "\"");
            }
            return null;
        }
        return String.valueOf(v);
    }

    private static int qos(Map<?, ?> body) throws ApiException {
        Object v = body.get("qos");
        int qos = v instanceof Number n ? n.intValue() : 0;
        if (qos < 0 || qos > 2) {
            throw ApiException.badRequest("qos must be 0, 1 or 2");
        }
        return qos;
    }

    private static byte[] decode(String base64) throws ApiException {
        try {
            return Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("payload is not valid base64");
        }
    }
}
