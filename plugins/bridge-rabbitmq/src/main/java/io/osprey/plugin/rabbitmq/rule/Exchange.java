package io.osprey.plugin.rabbitmq.rule;

import java.util.List;
import java.util.Locale;

/**
 * A rule's {@code exchange}: {@code <type>:<name>} (e.g. {@code topic:mqtt.messages}) is declared durable with that
 * type before the first message goes to it; a bare name (e.g. {@code amq.topic}) must exist already.
 *
 * @param type {@code topic}, {@code direct}, {@code fanout} or {@code headers}; {@code null} for a bare name
 */
public record Exchange(String name, String type) {

    static final List<String> TYPES = List.of("topic", "direct", "fanout", "headers");

    /** @throws IllegalArgumentException naming what is wrong */
    static Exchange parse(String text) {
        String type = null;
        String name = text;
        int colon = text.indexOf(':');
        if (colon > 0 && TYPES.contains(text.substring(0, colon).toLowerCase(Locale.ROOT))) {
            type = text.substring(0, colon).toLowerCase(Locale.ROOT);
            name = text.substring(colon + 1);
        }
        if (name.isEmpty() || name.length() > 255 || !name.matches("[A-Za-z0-9_.:\\-]+")) {
            throw new IllegalArgumentException("an exchange name of up to 255 letters, digits, '-', '_', '.' and ':', "
                    + "optionally after topic:, direct:, fanout: or headers: to declare it; not \"" + text + "\"");
        }
        if (name.startsWith("amq.") && type != null) {
            throw new IllegalArgumentException("the amq.* exchanges exist already and cannot be declared: use \""
                    + name + "\" without a type");
        }
        return new Exchange(name, type);
    }
}
