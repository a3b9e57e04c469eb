package io.osprey.plugin.redis;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import io.osprey.backend.Placeholders;
import io.osprey.backend.Vars;
import io.osprey.backend.config.RawAction;

/**
 * A Redis command written by an admin, such as {@code HMGET mqtt_user:%u password salt} or
 * {@code HSET mqtt:dev:${clientid} topic ${topic}}: split into arguments at spaces when it is read (an argument with
 * spaces is written in double quotes), with placeholders ({@link Placeholders}, EMQX's {@code %u} counted anywhere)
 * filled in when it runs. A value is always one whole argument, or part of one: a client id with spaces, quotes or
 * newlines never becomes more arguments or another command, and the command name cannot be a placeholder.
 */
public final class RedisCommand {

    /** How rules of backend-redis are written: {@code "commands": [...]}. */
    public static final RawAction<RedisCommand> RAW = new RawAction<>() {
        @Override
        public String key() {
            return "commands";
        }

        @Override
        public RedisCommand compile(String text, Set<String> allowed) {
            return parse(text, allowed);
        }
    };

    /** One argument: literal text and placeholders, concatenated. */
    private record Arg(List<Object> parts) {
    }

    private record Placeholder(String name) {
    }

    private final String source;
    private final String name;
    private final List<Arg> args;

    private RedisCommand(String source, String name, List<Arg> args) {
        this.source = source;
        this.name = name;
        this.args = List.copyOf(args);
    }

    /**
     * @throws IllegalArgumentException for an empty command, an unclosed quote, a placeholder in the command name or
     *                                  one the point does not have
     */
    public static RedisCommand parse(String text, Set<String> allowed) {
        List<String> words = split(text);
        if (words.isEmpty()) {
            throw new IllegalArgumentException("a Redis command such as HSET key field value, not an empty string");
        }
        String name = words.get(0);
        if (!name.matches("[A-Za-z][A-Za-z0-9_.|-]*")) {
            throw new IllegalArgumentException("a command name of letters (found '" + name + "'); placeholders go in "
                    + "the arguments");
        }
        List<Arg> args = new ArrayList<>();
        for (String word : words.subList(1, words.size())) {
            List<Object> parts = new ArrayList<>();
            try {
                Placeholders.scan(word, allowed, true, new Placeholders.Visitor() {
                    @Override
                    public void text(String literal) {
                        parts.add(literal);
                    }

                    @Override
                    public void placeholder(String p) {
                        parts.add(new Placeholder(p));
                    }
                });
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("a command whose " + e.getMessage());
            }
            args.add(new Arg(parts));
        }
        return new RedisCommand(text, name.toUpperCase(Locale.ROOT), args);
    }

    /** Words separated by spaces; "double quoted" words may hold spaces, and \" a quote. */
    static List<String> split(String text) {
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quoted) {
                if (c == '\\' && i + 1 < text.length() && text.charAt(i + 1) == '"') {
                    w.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    w.append(c);
                }
            } else if (c == '"') {
                quoted = true;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    out.add(w.toString());
                    w.setLength(0);
                    inWord = false;
                }
            } else {
                w.append(c);
                inWord = true;
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("a command with its double quotes closed");
        }
        if (inWord) {
            out.add(w.toString());
        }
        return out;
    }

    /** The command name, upper case. */
    public String name() {
        return name;
    }

    /** The arguments with the placeholders' values, as bytes (text as UTF-8). */
    public byte[][] args(Vars vars) {
        byte[][] out = new byte[args.size()][];
        for (int i = 0; i < out.length; i++) {
            List<Object> parts = args.get(i).parts();
            if (parts.size() == 1) {
                out[i] = bytes(parts.get(0), vars);
            } else {
                ByteArrayOutputStream b = new ByteArrayOutputStream();
                for (Object p : parts) {
                    b.writeBytes(bytes(p, vars));
                }
                out[i] = b.toByteArray();
            }
        }
        return out;
    }

    private static byte[] bytes(Object part, Vars vars) {
        if (part instanceof Placeholder p) {
            return value(vars.value(p.name()));
        }
        return ((String) part).getBytes(StandardCharsets.UTF_8);
    }

    /** A placeholder's value as an argument: payloads as they are, a timestamp in epoch milliseconds. */
    static byte[] value(Object v) {
        if (v == null) {
            return new byte[0];
        }
        if (v instanceof byte[] b) {
            return b;
        }
        if (v instanceof Instant t) {
            return Long.toString(t.toEpochMilli()).getBytes(StandardCharsets.US_ASCII);
        }
        return v.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return source;
    }
}
