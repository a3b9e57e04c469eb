package io.osprey.plugin.redis;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.osprey.backend.write.Health;
import io.osprey.backend.write.Sink;
import io.osprey.backend.write.UnavailableException;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Sends a batch as one pipeline (in a Cluster, one per node, each in order) and reads every reply once. Upkeep
 * commands (trimming a topic's sorted set, renewing its expiry) are sent once per key, after the rest: a batch of a
 * thousand messages on fifty topics trims fifty sets, not a thousand. A command the server refuses (a wrong type, a bad
 * rule) fails its write alone; when the connection breaks the whole batch is sent again later, which is harmless:
 * every command the plugin sends sets a value, so repeating it changes nothing.
 */
final class RedisSink implements Sink<RedisWrite> {

    private final RedisConnection redis;

    RedisSink(RedisConnection redis) {
        this.redis = redis;
    }

    @Override
    public Health health() {
        return redis.health();
    }

    @Override
    public void write(List<RedisWrite> batch, Results<RedisWrite> results) throws UnavailableException {
        List<List<Response<Object>>> replies = new ArrayList<>(batch.size());
        Map<String, Cmd> upkeep = new LinkedHashMap<>();
        Map<String, Integer> upkeepOwner = new LinkedHashMap<>();
        try (AbstractPipeline p = redis.pipeline()) {
            for (int i = 0; i < batch.size(); i++) {
                List<Cmd> commands = batch.get(i).commands().get();
                List<Response<Object>> r = new ArrayList<>(commands.size());
                for (Cmd c : commands) {
                    if (c.upkeep() == null) {
                        r.add(p.executeCommand(c.object()));
                    } else {
                        upkeep.remove(c.upkeep()); // the last one wins, in the order of the last ones
                        upkeep.put(c.upkeep(), c);
                        upkeepOwner.put(c.upkeep(), i);
                    }
                }
                replies.add(r);
            }
            for (Map.Entry<String, Cmd> e : upkeep.entrySet()) {
                replies.get(upkeepOwner.get(e.getKey())).add(p.executeCommand(e.getValue().object()));
            }
            p.sync();
        } catch (JedisException e) {
            throw redis.down(e);
        }
        redis.health().markUp();
        int stored = 0;
        for (int i = 0; i < batch.size(); i++) {
            JedisDataException refused = null;
            for (Response<Object> r : replies.get(i)) {
                try {
                    r.get();
                } catch (JedisDataException e) {
                    refused = e;
                }
            }
            if (refused == null) {
                stored++;
            } else {
                results.refused(batch.get(i), refused);
            }
        }
        results.stored(stored);
    }
}
