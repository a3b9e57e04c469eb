package io.osprey.plugin.mqttbridge;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

import io.osprey.api.config.ConfigReader;
import io.osprey.plugin.mqttbridge.config.MqttBridgeSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shipped example {@code etc/osprey.bridge.mqtt-aws.cfg} reads without a bad value (certificates aside). */
class ShippedConfigTest {

    @TempDir
    Path home;

    @Test
    void awsExample_readsCleanly_andIsSwitchedOff() throws Exception {
        Path file = Path.of("../../etc/osprey.bridge.mqtt-aws.cfg").toAbsolutePath().normalize();
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            p.load(in);
        }
        Map<String, Object> m = new HashMap<>();
        p.stringPropertyNames().forEach(k -> m.put(k, p.getProperty(k)));
        m.put(ConfigReader.FILE_PROPERTY, file.toUri().toString());
        // the certificate files of the example do not exist here: point them at files that do
        Files.createDirectories(home.resolve("etc/certs"));
        for (String key : new String[] {"cacertfile", "certfile", "keyfile"}) {
            Files.writeString(home.resolve((String) m.get(key)), "-----BEGIN CERTIFICATE-----\n");
        }
        ConfigReader r = ConfigReader.of("bridge.mqtt", m, Map.of());
        MqttBridgeSettings s = MqttBridgeSettings.read(r, home);
        assertThat(r.bool("enable", true)).isFalse();
        assertThat(r.errors()).isEmpty();
        assertThat(s.name()).isEqualTo("aws");
        assertThat(s.connect().tls().enabled()).isTrue();
        assertThat(s.connect().port()).isEqualTo(8883);
        assertThat(s.forwards()).hasSize(2);
        assertThat(s.forwards().get(0).mountpoint().text()).isEqualTo("osprey/${node}/");
        assertThat(s.connect().subscriptions()).hasSize(1);
    }
}
