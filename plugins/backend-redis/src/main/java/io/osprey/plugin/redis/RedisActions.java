package io.osprey.plugin.redis;

import java.util.List;
import java.util.function.Supplier;

import io.osprey.api.Message;
import io.osprey.api.Subscription;
import io.osprey.backend.Vars;
import io.osprey.backend.config.HookRule;
import io.osprey.backend.hooks.Actions;
import io.osprey.backend.write.Writer;

/**
 * The built-in functions in Redis ({@link Keys} has the layout): each is a group of commands queued for the writer's
 * pipeline; lookups go to {@link RedisLookups}. Keys and values are always separate arguments, never command text.
 */
final class RedisActions implements Actions<RedisCommand> {

    /** Moves a read position forward only: KEYS[1] the client's positions, ARGV[1] the filter, ARGV[2] the position. */
    static final String FORWARD = "local c = redis.call('HGET', KEYS[1], ARGV[1]) "
            + "if (not c) or c < ARGV[2] then redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]) end return 1";

    private final Writer<RedisWrite> writer;
    private final RedisLookups lookups;
    private final Supplier<RedisSettings> settings;

    RedisActions(Writer<RedisWrite> writer, RedisLookups lookups, Supplier<RedisSettings> settings) {
        this.writer = writer;
        this.lookups = lookups;
        this.settings = settings;
    }

    /** A read position: the message's timestamp (15 digits) and id, ordered as text. */
    static String position(long timestamp, String msgid) {
        return String.format("%015d:%s", timestamp, msgid);
    }

    /** Moves a client's read position on {@code filter} forward to {@code position}. */
    static RedisWrite forward(String clientId, String filter, String position) {
        byte[][] args = {RedisCommand.value(FORWARD), RedisCommand.value(1), RedisCommand.value(Keys.ACKED + clientId),
                RedisCommand.value(filter), RedisCommand.value(position)};
        return new RedisWrite(() -> List.of(new Cmd("EVAL", args, 2)),
                "acked\u0000" + clientId + '\u0000' + filter);
    }

    @Override
    public void clientConnected(String clientId, String node) {
        long now = System.currentTimeMillis();
        writer.offer(new RedisWrite(() -> List.of(
                Cmd.of("HSET", Keys.CLIENT + clientId, "state", 1, "node", node, "online_at", now),
                Cmd.of("HDEL", Keys.CLIENT + clientId, "offline_at"))));
    }

    @Override
    public void clientDisconnected(String clientId) {
        long now = System.currentTimeMillis();
        writer.offer(new RedisWrite(() -> List.of(Cmd.of("HSET", Keys.CLIENT + clientId, "state", 0, "offline_at",
                now))));
    }

    @Override
    public void subscribeLookup(String clientId) {
        lookups.restoreSubscriptions(clientId);
    }

    @Override
    public void messageFetch(String clientId, Subscription subscription, HookRule<RedisCommand> rule) {
        lookups.fetch(clientId, subscription, rule);
    }

    @Override
    public void retainLookup(String clientId, Subscription subscription) {
        lookups.retained(clientId, subscription);
    }

    @Override
    public void storeMessage(Message m, String node) {
        long ttlSeconds = settings.get().messageTtl().toSeconds();
        writer.offer(new RedisWrite(() -> storeCommands(m, node, ttlSeconds)));
    }

    /**
     * A stored message: its hash with an expiry and its entry in the topic's sorted set; then, once per batch and
     * topic, the sorted set trimmed of expired entries and its expiry renewed, and the topic's place in the index.
     */
    static List<Cmd> storeCommands(Message m, String node, long ttlSeconds) {
        long ts = m.timestamp();
        String expired = "(" + (ts - ttlSeconds * 1000);
        String msgKey = Keys.MSG + m.idString();
        String topicKey = Keys.MSG_TOPIC + m.topic();
        return List.of(
                Cmd.of("HSET", msgKey, "id", m.idString(), "topic", m.topic(), "from", m.fromClientId(), "qos",
                        m.qos(), "retain", m.retain() ? 1 : 0, "payload", m.payload(), "ts", ts, "node", node),
                Cmd.of("EXPIRE", msgKey, ttlSeconds),
                Cmd.of("ZADD", topicKey, ts, m.idString()),
                Cmd.upkeep("trim\u0000" + topicKey, "ZREMRANGEBYSCORE", topicKey, "-inf", expired),
                Cmd.upkeep("expire\u0000" + topicKey, "EXPIRE", topicKey, ttlSeconds),
                Cmd.upkeep("index\u0000" + m.topic(), "ZADD", Keys.MSG_TOPICS, ts, m.topic()),
                Cmd.upkeep("trim\u0000" + Keys.MSG_TOPICS, "ZREMRANGEBYSCORE", Keys.MSG_TOPICS, "-inf", expired));
    }

    @Override
    public void storeRetained(Message m, String node) {
        writer.offer(new RedisWrite(() -> List.of(
                Cmd.of("HSET", Keys.RETAIN + m.topic(), "msgid", m.idString(), "sender", m.fromClientId(), "qos",
                        m.qos(), "payload", m.payload(), "ts", m.timestamp(), "node", node),
                Cmd.of("SADD", Keys.RETAINED, m.topic()))));
    }

    @Override
    public void deleteRetained(String topic) {
        writer.offer(new RedisWrite(() -> List.of(Cmd.of("DEL", Keys.RETAIN + topic),
                Cmd.of("SREM", Keys.RETAINED, topic))));
    }

    @Override
    public void acked(String clientId, String filter, Message m) {
        writer.offer(forward(clientId, filter, position(m.timestamp(), m.idString())));
    }

    @Override
    public void raw(RedisCommand command, Vars vars) {
        // the placeholders' values are taken now: Vars reads the broker's objects, which are not ours to keep
        writer.offer(new RedisWrite(new Cmd(command.name(), command.args(vars), 0)));
    }
}
