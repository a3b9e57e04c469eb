package io.osprey.bridge.core.event;

/**
 * The JSON of one event, encoded on first use and then shared by every rule that sends it (several rules of one
 * point make several records of the same JSON). Used on one thread.
 */
public final class EventBody {

    private final EventEncoder encoder;
    private final BridgeEvent event;
    private byte[] json;

    public EventBody(EventEncoder encoder, BridgeEvent event) {
        this.encoder = encoder;
        this.event = event;
    }

    /** The event as EMQX's JSON ({@link EventEncoder}). */
    public byte[] json() {
        if (json == null) {
            json = encoder.encode(event);
        }
        return json;
    }

    /** The node name put in {@code node} fields and {@code ${node}} placeholders. */
    public String node() {
        return encoder.node();
    }
}
