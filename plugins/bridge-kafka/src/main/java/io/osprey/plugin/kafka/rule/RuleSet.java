package io.osprey.plugin.kafka.rule;

import java.util.ArrayList;
import java.util.List;

/** The rules of a configuration indexed by hook point, so that a hook finds its rules with one array read. */
public final class RuleSet {

    private static final Rule[] NONE = new Rule[0];

    private final Rule[][] byPoint = new Rule[HookPoint.values().length][];
    private final List<Rule> all;

    public RuleSet(List<Rule> rules) {
        this.all = List.copyOf(rules);
        for (HookPoint p : HookPoint.values()) {
            List<Rule> of = new ArrayList<>();
            for (Rule r : rules) {
                if (r.point() == p) {
                    of.add(r);
                }
            }
            byPoint[p.ordinal()] = of.isEmpty() ? NONE : of.toArray(Rule[]::new);
        }
    }

    /** The rules of {@code point}, in configuration order; an empty array when there are none. Do not modify. */
    public Rule[] of(HookPoint point) {
        return byPoint[point.ordinal()];
    }

    public List<Rule> all() {
        return all;
    }
}
