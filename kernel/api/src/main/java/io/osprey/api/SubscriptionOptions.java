package io.osprey.api;

/**
 * The options of one subscription (MQTT 5 subscription options; 3.1.x clients only set the QoS).
 *
 * @param qos                    maximum QoS the subscriber wants
 * @param noLocal                do not deliver messages this client published itself
 * @param retainAsPublished      keep the RETAIN flag of forwarded messages
 * @param retainHandling         0 send retained on subscribe, 1 only for a new subscription, 2 never
 * @param subscriptionIdentifier MQTT 5 subscription identifier, or 0 for none
 */
public record SubscriptionOptions(int qos, boolean noLocal, boolean retainAsPublished, int retainHandling,
                                  int subscriptionIdentifier) {

    public static SubscriptionOptions ofQos(int qos) {
        return new SubscriptionOptions(qos, false, false, 0, 0);
    }

    public SubscriptionOptions withQos(int newQos) {
        return new SubscriptionOptions(newQos, noLocal, retainAsPublished, retainHandling, subscriptionIdentifier);
    }
}
