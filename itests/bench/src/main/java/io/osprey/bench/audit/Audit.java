package io.osprey.bench.audit;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Who must receive what. The run registers its publishers and subscriptions up front; the audit links each
 * subscription's audience to the publishers whose topic it matches, and after the run compares what each audience
 * received with what each publisher had acknowledged (QoS 1/2) or sent (QoS 0).
 */
public final class Audit {

    private final int runId = ThreadLocalRandom.current().nextInt();
    private final List<PublisherLog> publishers = new ArrayList<>();
    private final List<Scope> scopes = new ArrayList<>();
    private final Map<String, Scope> sharedGroups = new HashMap<>();

    /** A random number that tells this run's messages from those of other generators. */
    public int runId() {
        return runId;
    }

    public PublisherLog addPublisher(String topic, int qos) {
        PublisherLog p = new PublisherLog(publishers.size(), topic, qos);
        publishers.add(p);
        return p;
    }

    /**
     * The audience of a new subscription: its own, or the shared group's when {@code group} is set.
     *
     * @param filter the filter without any {@code $share/<group>/} prefix
     */
    public Scope addSubscription(String filter, String group, int qos) {
        if (group != null) {
            return sharedGroups.computeIfAbsent(group + '\u0000' + filter, k -> {
                Scope s = new SharedScope(runId, filter, qos);
                scopes.add(s);
                return s;
            });
        }
        Scope s = new Scope(runId, filter, qos);
        scopes.add(s);
        return s;
    }

    /** Links every audience to the publishers it must hear; call once all are registered. */
    public void link() {
        for (Scope s : scopes) {
            for (PublisherLog p : publishers) {
                if (TopicMatch.matches(s.filter(), p.topic())) {
                    s.expect(p);
                }
            }
        }
    }

    /** The most publishers any one audience hears (50 for the standard fanin): sizes the default window. */
    public int maxPublishersPerAudience() {
        int max = 0;
        for (Scope s : scopes) {
            max = Math.max(max, s.publishers());
        }
        return max;
    }

    public List<PublisherLog> publishers() {
        return publishers;
    }

    /** Compares; call after every connection closed. */
    public Losses losses() {
        Losses l = new Losses();
        for (Scope s : scopes) {
            s.report(l);
        }
        return l;
    }
}
