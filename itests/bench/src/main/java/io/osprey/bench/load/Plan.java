package io.osprey.bench.load;

import java.util.ArrayList;
import java.util.List;

import io.osprey.bench.audit.Audit;
import io.osprey.bench.cli.BenchOptions;
import io.osprey.bench.cli.Scenario;

/**
 * The clients a scenario needs, with their ids, topics and filters expanded ({@code %i} client index, {@code %c}
 * client id), registered with the {@link Audit}. Subscribers are connected first so that no message is published
 * before every subscription is in place.
 */
public final class Plan {

    private final List<ClientSpec> subscribers = new ArrayList<>();
    private final List<ClientSpec> publishers = new ArrayList<>();
    private final List<ClientSpec> idle = new ArrayList<>();

    private Plan() {
    }

    public static Plan build(BenchOptions o, Audit audit) {
        Plan p = new Plan();
        int n = o.count();
        int first = o.startIndex();
        switch (o.scenario()) {
            case CONN -> {
                for (int i = 0; i < n; i++) {
                    p.idle.add(new ClientSpec(Role.IDLE, first + i, clientId(o, Role.IDLE, first + i), null, null,
                            null, null));
                }
            }
            case PUB -> p.addPublishers(o, audit, first, n);
            case SUB -> p.addSubscribers(o, audit, first, n);
            case FANIN -> {
                p.addSubscribers(o, audit, first, 1);
                p.addPublishers(o, audit, first, n);
            }
            case FANOUT -> {
                p.addSubscribers(o, audit, first, n);
                p.addPublishers(o, audit, first, 1);
            }
            case P2P -> {
                p.addSubscribers(o, audit, first, n);
                p.addPublishers(o, audit, first, n);
            }
        }
        return p;
    }

    private void addPublishers(BenchOptions o, Audit audit, int first, int n) {
        for (int i = first; i < first + n; i++) {
            String id = clientId(o, Role.PUBLISHER, i);
            String topic = expand(o.topic(), i, id);
            if (topic.isEmpty() || topic.contains("+") || topic.contains("#")) {
                throw new IllegalArgumentException("--topic '" + o.topic() + "' gives '" + topic
                        + "': a topic name is not empty and has no wildcards");
            }
            publishers.add(new ClientSpec(Role.PUBLISHER, i, id, topic, null, audit.addPublisher(topic, o.qos()), null));
        }
    }

    private void addSubscribers(BenchOptions o, Audit audit, int first, int n) {
        for (int i = first; i < first + n; i++) {
            String id = clientId(o, Role.SUBSCRIBER, i);
            String filter = expand(o.filter(), i, id);
            if (!validFilter(filter)) {
                throw new IllegalArgumentException("--filter '" + o.filter() + "' gives '" + filter
                        + "', which is not a valid topic filter");
            }
            String subscription = o.shareGroup() == null ? filter : "$share/" + o.shareGroup() + "/" + filter;
            subscribers.add(new ClientSpec(Role.SUBSCRIBER, i, id, null, subscription, null,
                    audit.addSubscription(filter, o.shareGroup(), o.subQos())));
        }
    }

    static String clientId(BenchOptions o, Role role, int index) {
        return o.clientIdPrefix() + "-" + role.tag() + "-" + index;
    }

    /** Replaces {@code %i} by the index, {@code %c} by the client id and {@code %%} by {@code %}. */
    static String expand(String pattern, int index, String clientId) {
        StringBuilder b = new StringBuilder(pattern.length() + 16);
        for (int i = 0; i < pattern.length(); i++) {
            char c = pattern.charAt(i);
            if (c == '%' && i + 1 < pattern.length()) {
                char k = pattern.charAt(i + 1);
                if (k == 'i' || k == 'c' || k == '%') {
                    b.append(k == 'i' ? String.valueOf(index) : k == 'c' ? clientId : "%");
                    i++;
                    continue;
                }
            }
            b.append(c);
        }
        return b.toString();
    }

    private static boolean validFilter(String f) {
        if (f.isEmpty()) {
            return false;
        }
        String[] levels = f.split("/", -1);
        for (int i = 0; i < levels.length; i++) {
            String l = levels[i];
            if ((l.contains("+") && !l.equals("+")) || (l.contains("#") && (!l.equals("#") || i != levels.length - 1))) {
                return false;
            }
        }
        return true;
    }

    public List<ClientSpec> subscribers() {
        return subscribers;
    }

    public List<ClientSpec> publishers() {
        return publishers;
    }

    public List<ClientSpec> idle() {
        return idle;
    }

    public int size() {
        return subscribers.size() + publishers.size() + idle.size();
    }

    /** For the run header: {@code 50 publishers -> 1 subscriber}. */
    public String describe(Scenario s) {
        if (s == Scenario.CONN) {
            return idle.size() + " connections";
        }
        List<String> parts = new ArrayList<>();
        if (!publishers.isEmpty()) {
            parts.add(publishers.size() + (publishers.size() == 1 ? " publisher" : " publishers"));
        }
        if (!subscribers.isEmpty()) {
            parts.add(subscribers.size() + (subscribers.size() == 1 ? " subscriber" : " subscribers"));
        }
        return String.join(" -> ", parts);
    }
}
