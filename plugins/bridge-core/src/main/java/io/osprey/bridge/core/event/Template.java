package io.osprey.bridge.core.event;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * Text made from an event with EMQX's placeholders {@code ${clientid}}, {@code ${username}}, {@code ${topic}} and
 * {@code ${node}}: a Kafka record key ({@code ${clientid}}), a RabbitMQ routing key ({@code ${topic}}), a remote
 * topic. A placeholder whose value is missing (a client without user name) becomes empty text.
 */
public final class Template {

    private static final List<String> VARIABLES = List.of("clientid", "username", "topic", "node");

    private final String text;
    private final List<Object> parts;

    private Template(String text, List<Object> parts) {
        this.text = text;
        this.parts = parts;
    }

    /**
     * @throws IllegalArgumentException naming an unknown placeholder or an unclosed {@code ${}
     */
    public static Template parse(String text) {
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
                throw new IllegalArgumentException("unclosed '${' in " + text);
            }
            String name = text.substring(start + 2, end);
            if (!VARIABLES.contains(name)) {
                throw new IllegalArgumentException("unknown placeholder ${" + name + "} in " + text
                        + " (known: ${clientid}, ${username}, ${topic}, ${node})");
            }
            parts.add(Variable.valueOf(name.toUpperCase(Locale.ROOT)));
            i = end + 1;
        }
        return new Template(text, List.copyOf(parts));
    }

    /** The text for {@code event}; {@code topicMapper} changes the topic before it is put in (e.g. {@code /} → {@code .}). */
    public String render(BridgeEvent event, String node, Function<String, String> topicMapper) {
        Context c = new Context(event, node, topicMapper);
        if (parts.size() == 1 && parts.get(0) instanceof Variable v) {
            String value = v.value.apply(c);
            return value == null ? "" : value;
        }
        StringBuilder sb = new StringBuilder();
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
        return sb.toString();
    }

    /** The text for {@code event}, placeholders as they are. */
    public String render(BridgeEvent event, String node) {
        return render(event, node, Function.identity());
    }

    /** Does the template use {@code ${name}}? */
    public boolean uses(String name) {
        return parts.contains(Variable.valueOf(name.toUpperCase(Locale.ROOT)));
    }

    public String text() {
        return text;
    }

    @Override
    public String toString() {
        return text;
    }

    private record Context(BridgeEvent event, String node, Function<String, String> topicMapper) {
    }

    private enum Variable {
        CLIENTID(c -> c.event.clientId()),
        USERNAME(c -> c.event.username()),
        TOPIC(c -> c.event.topic() == null ? null : c.topicMapper.apply(c.event.topic())),
        NODE(c -> c.node);

        final Function<Context, String> value;

        Variable(Function<Context, String> value) {
            this.value = value;
        }
    }
}
