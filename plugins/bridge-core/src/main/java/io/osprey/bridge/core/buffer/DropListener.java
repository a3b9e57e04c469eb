package io.osprey.bridge.core.buffer;

import java.util.Map;

/** Told about records the buffer gave up, by the key its classifier gave each one (the bridge: the rule id). */
@FunctionalInterface
public interface DropListener {

    /**
     * @param byKey  how many records were dropped, per key
     * @param reason one line for the log, e.g. "the buffer is full (1 GB)"
     */
    void dropped(Map<String, Long> byKey, String reason);
}
