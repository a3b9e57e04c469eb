package io.osprey.backend.hooks;

import io.osprey.api.ClientInfo;
import io.osprey.api.Message;
import io.osprey.api.Subscription;
import io.osprey.backend.Vars;
import io.osprey.backend.config.HookRule;

/**
 * The built-in functions of a backend, in its own database's terms; {@link BackendHooks} decides when each runs.
 * Writes go to the backend's {@code Writer} (never waiting), lookups to its query threads: no method may block the
 * caller, which is a client's I/O thread.
 *
 * @param <T> the backend's compiled raw action
 */
public interface Actions<T> {

    /** on_client_connected: the client is online (state 1, node, online_at). */
    void clientConnected(String clientId, String node);

    /** on_client_disconnected: the client is offline (state 0, offline_at). */
    void clientDisconnected(String clientId);

    /** on_subscribe_lookup: subscribe the client to its stored subscriptions. */
    void subscribeLookup(String clientId);

    /** on_message_fetch: deliver stored messages after the client's read position on this subscription. */
    void messageFetch(String clientId, Subscription subscription, HookRule<T> rule);

    /** on_retain_lookup: deliver stored retained messages matching the subscription. */
    void retainLookup(String clientId, Subscription subscription);

    /** on_message_publish: store a QoS 1/2 message. */
    void storeMessage(Message message, String node);

    /** on_message_retain: store a retained message (payload not empty). */
    void storeRetained(Message message, String node);

    /** on_retain_delete: an empty retained message deletes the stored one. */
    void deleteRetained(String topic);

    /** on_message_acked: move the client's read position on {@code filter} to this message. */
    void acked(String clientId, String filter, Message message);

    /** A raw statement or command of a rule, with its placeholders' values. */
    void raw(T action, Vars vars);

    /** Values of the client placeholders, for raw actions. */
    static Object clientValue(ClientInfo client, String name, String node) {
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
}
