package io.osprey.bridge.core.send;

import java.time.Duration;
import java.util.Locale;

import io.osprey.api.config.ConfigReader;
import io.osprey.bridge.core.event.PayloadEncoding;

/**
 * The keys every bridge reads the same way: {@code produce = sync | async}, {@code produce.sync_timeout} and
 * {@code encode_payload_type = base64 | plain}.
 */
public record ProduceSettings(ProduceMode mode, Duration syncTimeout, PayloadEncoding payloadEncoding) {

    public static ProduceSettings read(ConfigReader r) {
        ProduceMode mode = ProduceMode.valueOf(r.oneOf("produce", "async", "sync", "async").toUpperCase(Locale.ROOT));
        Duration syncTimeout = r.duration("produce.sync_timeout", "3s");
        if (syncTimeout.isZero()) {
            r.error("produce.sync_timeout", "0", "a duration above 0, such as 3s");
            syncTimeout = Duration.ofSeconds(3);
        }
        PayloadEncoding encoding = PayloadEncoding.valueOf(r.oneOf("encode_payload_type", "base64", "base64", "plain")
                .toUpperCase(Locale.ROOT));
        return new ProduceSettings(mode, syncTimeout, encoding);
    }
}
