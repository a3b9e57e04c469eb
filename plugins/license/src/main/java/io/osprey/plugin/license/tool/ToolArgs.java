package io.osprey.plugin.license.tool;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** The words after a sub-command: {@code --name value} options (from a known set) and positional arguments. */
final class ToolArgs {

    private final Map<String, String> options = new HashMap<>();
    private final List<String> positional = new ArrayList<>();

    private ToolArgs() {
    }

    static ToolArgs parse(List<String> words, Set<String> allowed) throws UsageException {
        ToolArgs a = new ToolArgs();
        for (int i = 0; i < words.size(); i++) {
            String w = words.get(i);
            if (!w.startsWith("--")) {
                a.positional.add(w);
                continue;
            }
            String name = w.substring(2);
            if (!allowed.contains(name)) {
                throw new UsageException("unknown option " + w);
            }
            if (i + 1 >= words.size()) {
                throw new UsageException("option " + w + " needs a value");
            }
            if (a.options.put(name, words.get(++i)) != null) {
                throw new UsageException("option " + w + " is given twice");
            }
        }
        return a;
    }

    String required(String name) throws UsageException {
        String v = options.get(name);
        if (v == null) {
            throw new UsageException("missing option --" + name);
        }
        return v;
    }

    String optional(String name) {
        return options.get(name);
    }

    int positiveInt(String name, int defaultValue) throws UsageException {
        String v = options.get(name);
        if (v == null) {
            return defaultValue;
        }
        try {
            int n = Integer.parseInt(v.replace("_", ""));
            if (n >= 1) {
                return n;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new UsageException("--" + name + " " + v + ": expected an integer from 1 to " + Integer.MAX_VALUE);
    }

    List<String> positional() {
        return positional;
    }
}
