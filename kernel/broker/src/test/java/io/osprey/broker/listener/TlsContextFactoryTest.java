package io.osprey.broker.listener;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.netty.handler.ssl.SslContext;
import io.osprey.api.config.ConfigReader;
import io.osprey.broker.config.ListenerSettings;

class TlsContextFactoryTest {

    @TempDir
    Path home;

    private ListenerSettings listener(String name, String... keyValues) {
        Map<String, String> m = new HashMap<>(Map.of("type", "ssl", "bind", "127.0.0.1:0", "keyfile", "key.pem",
                "certfile", "cert.pem"));
        for (int i = 0; i < keyValues.length; i += 2) {
            m.put(keyValues[i], keyValues[i + 1]);
        }
        return ListenerSettings.read(ConfigReader.of("listener-" + name, m, Map.of()), name, home);
    }

    private void copyKeyMaterial() throws Exception {
        Path certs = Path.of("src/test/resources/certs");
        Files.copy(certs.resolve("key.pem"), home.resolve("key.pem"), StandardCopyOption.REPLACE_EXISTING);
        Files.copy(certs.resolve("cert.pem"), home.resolve("cert.pem"), StandardCopyOption.REPLACE_EXISTING);
    }

    @Test
    void listenersWithTheSameSettings_shareOneContext() throws Exception {
        copyKeyMaterial();
        SslContext ssl = TlsContextFactory.build(listener("ssl"));
        SslContext wss = TlsContextFactory.build(listener("wss", "type", "wss"));
        assertThat(wss).isSameAs(ssl);
        assertThat(TlsContextFactory.build(listener("old", "tls_versions", "tlsv1.2"))).isNotSameAs(ssl);
        assertThat(TlsContextFactory.build(listener("off", "reuse_sessions", "off"))).isNotSameAs(ssl);
    }

    @Test
    void aChangedCertificateFile_makesANewContext() throws Exception {
        copyKeyMaterial();
        SslContext before = TlsContextFactory.build(listener("renew"));
        Path cert = home.resolve("cert.pem");
        Files.setLastModifiedTime(cert, FileTime.fromMillis(Files.getLastModifiedTime(cert).toMillis() + 60_000));
        SslContext after = TlsContextFactory.build(listener("renew"));
        assertThat(after).isNotSameAs(before);
        assertThat(TlsContextFactory.build(listener("renew"))).isSameAs(after);
    }
}
