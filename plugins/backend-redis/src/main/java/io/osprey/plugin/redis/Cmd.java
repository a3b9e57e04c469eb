package io.osprey.plugin.redis;

import java.nio.charset.StandardCharsets;

import redis.clients.jedis.BuilderFactory;
import redis.clients.jedis.CommandArguments;
import redis.clients.jedis.CommandObject;
import redis.clients.jedis.commands.ProtocolCommand;

/**
 * One Redis command with its arguments as bytes, and which argument is its key: in Cluster mode that is what routes
 * it to a node. Commands from admins' rules take their first argument as the key (true of the data commands).
 *
 * @param keyIndex the key's position among {@code args}
 * @param upkeep   {@code null}, or for a command that only tidies up (trim a sorted set, renew an expiry, move an
 *                 index entry) a key under which the same tidying in one batch is done once, the last one, after
 *                 the batch's other commands
 */
record Cmd(String name, byte[][] args, int keyIndex, String upkeep) {

    Cmd(String name, byte[][] args, int keyIndex) {
        this(name, args, keyIndex, null);
    }

    /** A command whose first argument is the key; values as {@link RedisCommand#value} writes them. */
    static Cmd of(String name, Object... args) {
        return new Cmd(name, values(args), 0, null);
    }

    /** Tidying that a batch needs once per {@code upkeep} key (see {@link #upkeep()}). */
    static Cmd upkeep(String upkeep, String name, Object... args) {
        return new Cmd(name, values(args), 0, upkeep);
    }

    private static byte[][] values(Object[] args) {
        byte[][] a = new byte[args.length][];
        for (int i = 0; i < args.length; i++) {
            a[i] = RedisCommand.value(args[i]);
        }
        return a;
    }

    /** As Jedis runs it, replies as raw objects (byte[], Long, List). */
    CommandObject<Object> object() {
        byte[] raw = name.getBytes(StandardCharsets.US_ASCII);
        ProtocolCommand command = () -> raw;
        CommandArguments a = new CommandArguments(command);
        for (int i = 0; i < args.length; i++) {
            if (i == keyIndex) {
                a.key(args[i]);
            } else {
                a.add(args[i]);
            }
        }
        return new CommandObject<>(a, BuilderFactory.RAW_OBJECT);
    }

    @Override
    public String toString() {
        return name + (args.length > keyIndex ? " " + new String(args[keyIndex], StandardCharsets.UTF_8) + " …" : "");
    }
}
