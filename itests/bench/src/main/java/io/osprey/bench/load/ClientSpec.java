package io.osprey.bench.load;

import io.osprey.bench.audit.PublisherLog;
import io.osprey.bench.audit.Scope;

/**
 * One client of the plan.
 *
 * @param index        the client index ({@code %i})
 * @param topic        publishers: the topic they publish to
 * @param subscription subscribers: the filter as sent in SUBSCRIBE (with any {@code $share/<group>/} prefix)
 * @param log          publishers: where sent and acknowledged messages are recorded
 * @param scope        subscribers: the audience whose received messages are audited
 */
public record ClientSpec(Role role, int index, String clientId, String topic, String subscription,
                         PublisherLog log, Scope scope) {
}
