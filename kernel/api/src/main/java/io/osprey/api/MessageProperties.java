package io.osprey.api;

import java.util.Arrays;
import java.util.List;

/**
 * The MQTT 5 properties a PUBLISH carries from publisher to subscribers. Immutable. Absent values are {@code null}.
 * Subscription identifiers and topic aliases are per connection and therefore not part of the message.
 *
 * @param payloadFormatIndicator 0 (bytes) or 1 (UTF-8), or {@code null}
 * @param messageExpiryInterval  seconds the message lives after it was published, or {@code null} for no expiry
 */
public record MessageProperties(Integer payloadFormatIndicator, Long messageExpiryInterval, String contentType,
                                String responseTopic, byte[] correlationData, List<UserProperty> userProperties) {

    /** No properties at all. */
    public static final MessageProperties NONE = new MessageProperties(null, null, null, null, null, List.of());

    public MessageProperties {
        userProperties = userProperties == null ? List.of() : List.copyOf(userProperties);
    }

    public boolean isEmpty() {
        return payloadFormatIndicator == null && messageExpiryInterval == null && contentType == null
                && responseTopic == null && correlationData == null && userProperties.isEmpty();
    }

    public MessageProperties withMessageExpiryInterval(Long seconds) {
        return new MessageProperties(payloadFormatIndicator, seconds, contentType, responseTopic, correlationData,
                userProperties);
    }

    public MessageProperties withUserProperties(List<UserProperty> properties) {
        return new MessageProperties(payloadFormatIndicator, messageExpiryInterval, contentType, responseTopic,
                correlationData, properties);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MessageProperties p && java.util.Objects.equals(payloadFormatIndicator, p.payloadFormatIndicator)
                && java.util.Objects.equals(messageExpiryInterval, p.messageExpiryInterval)
                && java.util.Objects.equals(contentType, p.contentType)
                && java.util.Objects.equals(responseTopic, p.responseTopic)
                && Arrays.equals(correlationData, p.correlationData) && userProperties.equals(p.userProperties);
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(payloadFormatIndicator, messageExpiryInterval, contentType, responseTopic,
                Arrays.hashCode(correlationData), userProperties);
    }
}
