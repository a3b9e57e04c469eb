package io.osprey.api.hook;

/** One topic filter of an UNSUBSCRIBE as the {@code client.unsubscribe} hooks see it; a hook may rewrite it. */
public final class UnsubscribeRequest {

    private String topicFilter;

    public UnsubscribeRequest(String topicFilter) {
        this.topicFilter = topicFilter;
    }

    public String topicFilter() {
        return topicFilter;
    }

    public void setTopicFilter(String topicFilter) {
        this.topicFilter = topicFilter;
    }
}
