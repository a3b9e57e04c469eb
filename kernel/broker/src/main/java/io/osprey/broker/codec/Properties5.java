package io.osprey.broker.codec;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.netty.handler.codec.mqtt.MqttProperties;
import io.osprey.api.MessageProperties;
import io.osprey.api.UserProperty;

/**
 * Converts between Netty's {@link MqttProperties} and Osprey's value types. (Netty keeps one value per property
 * id, so a property repeated against MQTT 5 §2.2.2.2 cannot be detected after decoding; the last one wins.)
 */
public final class Properties5 {

    private Properties5() {
    }

    /** An integer property, or {@code null}. */
    public static Integer integer(MqttProperties props, int id) {
        MqttProperties.MqttProperty<?> p = props.getProperty(id);
        return p == null ? null : (Integer) p.value();
    }

    public static String string(MqttProperties props, int id) {
        MqttProperties.MqttProperty<?> p = props.getProperty(id);
        return p == null ? null : (String) p.value();
    }

    public static byte[] binary(MqttProperties props, int id) {
        MqttProperties.MqttProperty<?> p = props.getProperty(id);
        return p == null ? null : (byte[]) p.value();
    }

    public static List<UserProperty> userProperties(MqttProperties props) {
        if (props == null || props.isEmpty()) {
            return List.of();
        }
        List<? extends MqttProperties.MqttProperty> list = props.getProperties(MqttProperties.USER_PROPERTY);
        if (list.isEmpty()) {
            return List.of();
        }
        List<UserProperty> out = new ArrayList<>(list.size());
        for (MqttProperties.MqttProperty<?> p : list) {
            if (p instanceof MqttProperties.UserProperty u) {
                out.add(new UserProperty(u.value().key, u.value().value));
            } else if (p instanceof MqttProperties.UserProperties all) {
                for (MqttProperties.StringPair pair : all.value()) {
                    out.add(new UserProperty(pair.key, pair.value));
                }
            }
        }
        return Collections.unmodifiableList(out);
    }

    /**
     * The application-message properties of a PUBLISH (or will).
     *
     * @return {@link MessageProperties#NONE} when there are none
     */
    public static MessageProperties messageProperties(MqttProperties props) {
        if (props == null || props.isEmpty()) {
            return MessageProperties.NONE;
        }
        Integer format = integer(props, MqttProperties.PAYLOAD_FORMAT_INDICATOR);
        Integer expiry = integer(props, MqttProperties.PUBLICATION_EXPIRY_INTERVAL);
        MessageProperties mp = new MessageProperties(format,
                expiry == null ? null : Integer.toUnsignedLong(expiry),
                string(props, MqttProperties.CONTENT_TYPE),
                string(props, MqttProperties.RESPONSE_TOPIC),
                binary(props, MqttProperties.CORRELATION_DATA),
                userProperties(props));
        return mp.isEmpty() ? MessageProperties.NONE : mp;
    }

    /** Adds user properties to a Netty property set. */
    public static void addUserProperties(MqttProperties target, List<UserProperty> props) {
        for (UserProperty u : props) {
            target.add(new MqttProperties.UserProperty(u.name(), u.value()));
        }
    }
}
