package io.osprey.broker.router;

import java.util.Locale;

/** How a shared subscription group picks the member that gets a message ({@code shared_subscription_strategy}). */
public enum SharedStrategy {
    RANDOM, ROUND_ROBIN, STICKY, HASH_CLIENTID, HASH_TOPIC;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static SharedStrategy parse(String s) {
        return valueOf(s.toUpperCase(Locale.ROOT));
    }
}
