package io.osprey.plugin.redis;

import java.util.ArrayList;
import java.util.List;

import io.osprey.backend.write.Health;
import io.osprey.backend.write.Sink;
import io.osprey.backend.write.UnavailableException;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisDataException;
import redis.clients.jedis.exceptions.JedisException;

/**
 * Sends a batch as one pipeline (in a Cluster, one per node, each in order) and reads every reply once. A command the
 * server refuses (a wrong type, a bad rule) fails alone; when the connection breaks the whole batch is sent again
 * later, which is harmless: every command the plugin sends sets a value, so repeating it changes nothing.
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
        try (AbstractPipeline p = redis.pipeline()) {
            for (RedisWrite w : batch) {
                List<Response<Object>> r = new ArrayList<>(w.commands().size());
                for (Cmd c : w.commands()) {
                    r.add(p.executeCommand(c.object()));
                }
                replies.add(r);
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
