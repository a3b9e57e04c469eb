package io.osprey.plugin.kafka.rule;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import io.osprey.plugin.kafka.record.BridgeEvent;

/**
 * A record key made from an event: text with EMQX's placeholders {@code ${clientid}}, {@code ${username}},
 * {@code ${topic}} and {@code ${node}}, e.g. {@code ${clientid}} or {@code site1/${username}}. A placeholder whose
 * value is missing (a client without user name) becomes empty text.
 */
public final class KeyTemplate {

    private static final List<String> VARIABLES = List.of("clientid", "username", "topic", "node");

    private final String text;
    private final List<Object> parts;

    private KeyTemplate(String text, List<Object> parts) {
        this.text = text;
        this.parts = parts;
    }

    /**
     * @throws IllegalArgumentException naming an unknown placeholder or an unclosed {@code ${}
     */
    public static KeyTemplate parse(String text) {
        List<Object> parts = new ArrayList<>();
        int i = 0;
        while (i < text.length()) {
            int start = text.indexOf("${", i);
            if (start < 0) {
                parts.add(text.substring(i));
                break;
            }
            if (start > i) {
                parts.add(text.substring(i, start));
            }
            int end = text.indexOf('}', start);
            if (end < 0) {
                throw new IllegalArgumentException("unclosed '${' in key " + text);
            }
            String name = text.substring(start + 2, end);
            if (!VARIABLES.contains(name)) {
                throw new IllegalArgumentException("unknown placeholder ${" + name + "} in key " + text
                        + " (known: ${clientid}, ${username}, ${topic}, ${node})");
            }
            parts.add(Variable.valueOf(name.toUpperCase(java.util.Locale.ROOT)));
            i = end + 1;
        }
        return new KeyTemplate(text, List.copyOf(parts));
    }

    /** The key for {@code event} as UTF-8 bytes. */
    public byte[] render(BridgeEvent event, String node) {
        if (parts.size() == 1 && parts.get(0) instanceof Variable v) {
            return bytes(v.value.apply(new Context(event, node)));
        }
        StringBuilder sb = new StringBuilder();
        Context c = new Context(event, node);
        for (Object p : parts) {
            if (p instanceof Variable v) {
                String value = v.value.apply(c);
                if (value != null) {
                    sb.append(value);
                }
            } else {
                sb.append((String) p);
            }
        }
        return bytes(sb.toString());
    }

    private static byte[] bytes(String s) {
        return s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    private record Context(BridgeEvent event, String node) {
    }

    private enum Variable {
        CLIENTID(c -> c.event.clientId()),
        USERNAME(c -> c.event.username()),
        TOPIC(c -> c.event.topic()),
        NODE(c -> c.node);

        final Function<Context, String> value;

        Variable(Function<Context, String> value) {
            this.value = value;
        }
    }
}
