package io.osprey.bridge.core.rule;

import java.util.ArrayList;
import java.util.List;

import io.osprey.bridge.core.event.HookPoint;

/**
 * The rules of a configuration indexed by hook point, so that a hook finds its rules with one array read.
 *
 * @param <R> the bridge's record type
 */
public final class RuleSet<R> {

    private final List<Rule<R>[]> byPoint = new ArrayList<>();
    private final List<Rule<R>> all;

    @SuppressWarnings("unchecked")
    public RuleSet(List<? extends Rule<R>> rules) {
        this.all = List.copyOf(rules);
        for (HookPoint p : HookPoint.values()) {
            List<Rule<R>> of = new ArrayList<>();
            for (Rule<R> r : all) {
                if (r.point() == p) {
                    of.add(r);
                }
            }
            byPoint.add(of.toArray(new Rule[0]));
        }
    }

    /** The rules of {@code point}, in configuration order; an empty array when there are none. Do not modify. */
    public Rule<R>[] of(HookPoint point) {
        return byPoint.get(point.ordinal());
    }

    public List<Rule<R>> all() {
        return all;
    }
}
