package io.osprey.plugin.redis;

import java.util.List;

import io.osprey.backend.write.Queued;

/**
 * The commands of one action (a stored message is a hash, its expiry and two sorted-set entries), queued for the
 * writer and sent in its pipeline, in order.
 *
 * @param coalesceKey see {@link Queued#coalesceKey()}
 */
record RedisWrite(List<Cmd> commands, String coalesceKey) implements Queued {

    RedisWrite(Cmd... commands) {
        this(List.of(commands), null);
    }

    @Override
    public String toString() {
        return commands.get(0).toString();
    }
}
