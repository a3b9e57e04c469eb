package io.osprey.api.hook;

import io.osprey.api.SubscriptionOptions;

/**
 * One topic filter of a SUBSCRIBE as the {@code client.subscribe} hooks see it. A hook may rewrite the filter or the
 * options, or reject it with a SUBACK reason code; the SUBACK keeps one entry per request, in order.
 */
public final class SubscribeRequest {

    private String topicFilter;
    private SubscriptionOptions options;
    private int rejectCode;

    public SubscribeRequest(String topicFilter, SubscriptionOptions options) {
        this.topicFilter = topicFilter;
        this.options = options;
    }

    public String topicFilter() {
        return topicFilter;
    }

    public void setTopicFilter(String topicFilter) {
        this.topicFilter = topicFilter;
    }

    public SubscriptionOptions options() {
        return options;
    }

    public void setOptions(SubscriptionOptions options) {
        this.options = options;
    }

    /** Refuse this filter; {@code reasonCode} is an MQTT 5 SUBACK failure code (e.g. 0x87 Not authorized). */
    public void reject(int reasonCode) {
        if (reasonCode < 0x80) {
            throw new IllegalArgumentException("a SUBACK failure code is 0x80 or above: " + reasonCode);
        }
        this.rejectCode = reasonCode;
    }

    public boolean isRejected() {
        return rejectCode != 0;
    }

    /** The MQTT 5 failure code, or 0 when not rejected. */
    public int rejectCode() {
        return rejectCode;
    }
}
