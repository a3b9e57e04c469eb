package io.osprey.bench.report;

import java.util.Locale;

/** A flat JSON object written field by field: the summary needs nothing more, and the tool no JSON library. */
final class Json {

    private final StringBuilder b = new StringBuilder("{");

    Json put(String key, String value) {
        key(key);
        b.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        b.append('"');
        return this;
    }

    Json put(String key, long value) {
        key(key);
        b.append(value);
        return this;
    }

    Json put(String key, double value) {
        key(key);
        b.append(Double.isFinite(value) ? String.format(Locale.ROOT, "%.3f", value) : "null");
        return this;
    }

    private void key(String key) {
        if (b.length() > 1) {
            b.append(',');
        }
        b.append('"').append(key).append("\":");
    }

    @Override
    public String toString() {
        return b + "}";
    }
}
