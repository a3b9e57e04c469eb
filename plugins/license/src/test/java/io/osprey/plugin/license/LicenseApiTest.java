package io.osprey.plugin.license;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.osprey.api.service.ApiException;
import io.osprey.api.service.ApiRequest;
import io.osprey.api.service.ApiRoute;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code POST /api/v4/license/upload} and {@code GET /api/v4/license}. */
class LicenseApiTest {

    @TempDir
    Path home;
    private Vendor vendor;
    private LicenseManager manager;
    private LicenseApi api;

    @BeforeEach
    void setUp() {
        vendor = new Vendor(home.resolve("vendor"));
        manager = new LicenseManager(Map.of("public_key_file", vendor.publicKey().toString()), new RecordingAlarms(),
                new CountingClients(), home, home.resolve("data/licenses"));
        api = new LicenseApi(manager, new CountingMetrics());
    }

    @AfterEach
    void tearDown() {
        manager.deactivate();
    }

    private Object call(String method, String path, byte[] body, Object json) throws ApiException {
        ApiRoute route = api.routes().stream().filter(r -> r.method().equals(method) && r.path().equals(path))
                .findFirst().orElseThrow();
        return route.handler().handle(new Request(method, path, body, json));
    }

    @Test
    void uploadOfTheFileAsIs_installsIt() throws Exception {
        byte[] file = Files.readAllBytes(vendor.issue("raw.lic", 40, "+1d"));
        Object answer = call("POST", "/api/v4/license/upload", file, null);
        assertThat(answer).asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("license_id", "raw.lic").containsEntry("max_connections", 40);
        assertThat(Files.readAllBytes(home.resolve("data/licenses/osprey.lic"))).isEqualTo(file);
    }

    @Test
    void uploadAsJson_installsIt() throws Exception {
        String text = Files.readString(vendor.issue("json.lic", 40, "+1d"));
        call("POST", "/api/v4/license/upload", "{}".getBytes(), Map.of("license", text));
        assertThat(call("GET", "/api/v4/license", new byte[0], null))
                .asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
                .containsEntry("license_id", "json.lic");
    }

    @Test
    void tamperedOrEmptyUpload_is400WithTheReason() throws Exception {
        String text = Files.readString(vendor.issue("a.lic", 40, "+1d")).replace("= 40", "= 4000");
        assertThatThrownBy(() -> call("POST", "/api/v4/license/upload", text.getBytes(StandardCharsets.UTF_8), null))
                .isInstanceOf(ApiException.class).hasMessage("License not installed: upload: signature does not "
                        + "match the vendor public key " + vendor.publicKey() + " (the license was changed after it "
                        + "was signed, or signed with another key)")
                .extracting(e -> ((ApiException) e).status()).isEqualTo(400);
        assertThatThrownBy(() -> call("POST", "/api/v4/license/upload", new byte[0], null))
                .hasMessage("no license in the body");
        assertThatThrownBy(() -> call("POST", "/api/v4/license/upload", "{}".getBytes(), Map.of("key", "x")))
                .hasMessageContaining("expected the license file as the body");
    }

    private record Request(String method, String path, byte[] body, Object json) implements ApiRequest {
        @Override
        public String pathParam(String name) {
            return null;
        }

        @Override
        public String queryParam(String name) {
            return null;
        }

        @Override
        public Map<String, String> queryParams() {
            return Map.of();
        }

        @Override
        public Object jsonBody() {
            return json;
        }
    }
}
