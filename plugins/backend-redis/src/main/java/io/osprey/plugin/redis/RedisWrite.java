package io.osprey.plugin.redis;

import java.util.List;
import java.util.function.Supplier;

import io.osprey.backend.write.Queued;

/**
 * The commands of one action (a stored message is a hash, its expiry and a sorted-set entry, plus the topic's
 * upkeep), queued for the writer and sent in its pipeline, in order. The commands are made when the batch is sent,
 * not when the hook queues the write: a queued write holds only what the action took (the message, the client id), so
 * a long queue while Redis is away costs little heap.
 *
 * @param coalesceKey see {@link Queued#coalesceKey()}
 */
record RedisWrite(Supplier<List<Cmd>> commands, String coalesceKey) implements Queued {

    RedisWrite(Supplier<List<Cmd>> commands) {
        this(commands, null);
    }

    RedisWrite(Cmd command) {
        this(() -> List.of(command), null);
    }

    @Override
    public String toString() {
        return commands.get().get(0).toString();
    }
}
