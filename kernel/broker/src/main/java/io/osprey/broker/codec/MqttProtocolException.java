package io.osprey.broker.codec;

import io.netty.handler.codec.DecoderException;

/**
 * A packet that is well-formed bytes but breaks a rule MQTT 5 calls a Protocol Error (reason 0x82), for example a
 * property that may appear once appearing twice. Other decoding failures are Malformed Packets (0x81).
 */
public final class MqttProtocolException extends DecoderException {

    private static final long serialVersionUID = 1L;

    public MqttProtocolException(String message) {
        super(message);
    }
}
