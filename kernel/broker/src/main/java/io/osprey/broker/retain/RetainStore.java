package io.osprey.broker.retain;

import java.util.function.Consumer;

import io.osprey.api.Message;

/**
 * Retained messages: the last retained message per topic, delivered to new subscriptions that match. The memory
 * implementation is {@link MemoryRetainStore}; the durable store provides another.
 */
public interface RetainStore {

    /** Stores or replaces the retained message of its topic. */
    void put(Message message);

    /** @return {@code true} if a message was retained on the topic */
    boolean delete(String topic);

    /** The retained message of {@code topic}, or {@code null}. */
    Message get(String topic);

    /** Calls {@code action} for every retained message whose topic matches {@code filter} (expired ones skipped). */
    void match(String filter, long nowMillis, Consumer<Message> action);

    /** Calls {@code action} for every retained message, in no particular order. */
    void forEach(Consumer<Message> action);

    int size();

    /** Removes every retained message. */
    void clear();
}
