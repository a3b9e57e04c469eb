package io.osprey.management.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import io.osprey.api.config.ConfigReader;
import io.osprey.api.service.ApiRoute;
import io.osprey.management.command.CommandRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The management HTTP server against hostile requests, over real sockets with hand-written HTTP (so that Host,
 * Origin and Content-Length are exactly what an attacker would send).
 */
class ApiServerTest {

    static final String TOKEN = "t0k3n";
    private ApiServer server;
    private final RouteTable routes = new RouteTable();

    private ApiServer start(String... config) {
        Map<String, String> c = new java.util.HashMap<>(Map.of("bind", "127.0.0.1:0"));
        for (int i = 0; i < config.length; i += 2) {
            c.put(config[i], config[i + 1]);
        }
        routes.add(List.of(
                ApiRoute.get("/api/v4/status", r -> Map.of("status", "running")),
                ApiRoute.get("/api/v4/things", r -> List.of("a", "b")),
                ApiRoute.post("/api/v4/things", r -> Map.of("bytes", r.body().length)),
                ApiRoute.get("/api/v4/boom", r -> {
                    throw new IllegalStateException("cannot open /var/secret/db.password for jdbc:mysql://10.1.2.3");
                })));
        server = new ApiServer(ManagementSettings.read(ConfigReader.of("management", c, Map.of())), routes,
                new CommandRegistry(), TOKEN);
        server.start();
        return server;
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop();
        }
    }

    /** What came back: status code, headers and body as text. */
    record Answer(int status, String head, String body) {
    }

    private Answer send(String method, String path, String host, String auth, String... headersAndBody)
            throws IOException {
        StringBuilder req = new StringBuilder(method + " " + path + " HTTP/1.1\r\n");
        if (host != null) {
            req.append("Host: ").append(host).append("\r\n");
        }
        if (auth != null) {
            req.append("Authorization: ").append(auth).append("\r\n");
        }
        String body = "";
        for (String h : headersAndBody) {
            if (h.startsWith("\n")) {
                body = h.substring(1);
            } else {
                req.append(h).append("\r\n");
            }
        }
        if (!body.isEmpty()) {
            req.append("Content-Length: ").append(body.getBytes(StandardCharsets.UTF_8).length).append("\r\n");
        }
        req.append("Connection: close\r\n\r\n").append(body);
        try (Socket s = new Socket("127.0.0.1", server.port())) {
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            out.write(req.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            String all = new String(readAll(s.getInputStream()), StandardCharsets.UTF_8);
            int split = all.indexOf("\r\n\r\n");
            return new Answer(Integer.parseInt(all.substring(9, 12)), all.substring(0, split),
                    all.substring(split + 4));
        }
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        int n;
        try {
            while ((n = in.read(buf)) > 0) {
                b.write(buf, 0, n);
            }
        } catch (java.net.SocketException reset) {
            // the server closed after answering
        }
        return b.toByteArray();
    }

    private String local() {
        return "127.0.0.1:" + server.port();
    }

    private static String basic(String user, String password) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    @DisplayName("default password admin/public: read-only routes are served, anything else is 403; ctl's token works")
    void defaultPassword_isReadOnly() throws Exception {
        start();
        assertThat(send("GET", "/api/v4/things", local(), basic("admin", "public")).status()).isEqualTo(200);
        Answer post = send("POST", "/api/v4/things", local(), basic("admin", "public"), "\n{}");
        assertThat(post.status()).isEqualTo(403);
        assertThat(post.body()).contains("default password").contains("read-only");
        assertThat(send("POST", "/api/v4/ctl", local(), basic("admin", "public"), "\n{\"args\":[\"help\"]}")
                .status()).isEqualTo(403);
        assertThat(send("POST", "/api/v4/things", local(), "Bearer " + TOKEN, "\n{}").status()).isEqualTo(200);
    }

    @Test
    @DisplayName("with a password of its own every route is served to it; wrong credentials get 401")
    void ownPassword_servesEverything() throws Exception {
        start("password", "n0t-public");
        assertThat(send("POST", "/api/v4/things", local(), basic("admin", "n0t-public"), "\nxyz").body())
                .contains("\"bytes\":3");
        assertThat(send("GET", "/api/v4/things", local(), basic("admin", "public")).status()).isEqualTo(401);
        assertThat(send("GET", "/api/v4/things", local(), null).status()).isEqualTo(401);
    }

    @Test
    @DisplayName("/api/v4/status answers without credentials (health probe); nothing else does")
    void status_isAHealthProbe() throws Exception {
        start("password", "n0t-public");
        Answer status = send("GET", "/api/v4/status", local(), null);
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.body()).contains("running");
        assertThat(send("POST", "/api/v4/status", local(), null, "\n{}").status()).isEqualTo(401);
    }

    @Test
    @DisplayName("DNS rebinding: a Host that is not this node's address is refused (400), even with credentials")
    void foreignHost_isRefused() throws Exception {
        start("password", "n0t-public");
        String auth = basic("admin", "n0t-public");
        Answer rebound = send("GET", "/api/v4/things", "evil.example:" + server.port(), auth);
        assertThat(rebound.status()).isEqualTo(400);
        assertThat(rebound.body()).contains("allowed_hosts");
        assertThat(send("GET", "/api/v4/status", "evil.example", null).status()).isEqualTo(400);
        assertThat(send("GET", "/api/v4/things", "10.9.9.9:" + server.port(), auth).status()).isEqualTo(400);
        assertThat(send("GET", "/api/v4/things", null, auth).status()).isEqualTo(400);
        assertThat(send("GET", "/api/v4/things", "localhost:" + server.port(), auth).status()).isEqualTo(200);
        assertThat(send("GET", "/api/v4/things", local(), auth).status()).isEqualTo(200);
    }

    @Test
    @DisplayName("allowed_hosts lists the names the API may be reached by")
    void allowedHosts_areAccepted() throws Exception {
        start("password", "n0t-public", "allowed_hosts", "broker.example.com, mgmt.internal");
        String auth = basic("admin", "n0t-public");
        assertThat(send("GET", "/api/v4/things", "broker.example.com", auth).status()).isEqualTo(200);
        assertThat(send("GET", "/api/v4/things", "MGMT.internal:8081", auth).status()).isEqualTo(200);
        assertThat(send("GET", "/api/v4/things", "evil.example", auth).status()).isEqualTo(400);
    }

    @Test
    @DisplayName("a write from another web origin is refused (403), even with cached credentials")
    void crossOriginWrite_isRefused() throws Exception {
        start("password", "n0t-public");
        String auth = basic("admin", "n0t-public");
        assertThat(send("POST", "/api/v4/things", local(), auth, "Origin: http://evil.example", "\n{}").status())
                .isEqualTo(403);
        assertThat(send("POST", "/api/v4/things", local(), auth, "Origin: null", "\n{}").status()).isEqualTo(403);
        assertThat(send("POST", "/api/v4/things", local(), auth, "Origin: http://" + local(), "\n{}").status())
                .isEqualTo(200);
    }

    @Test
    @DisplayName("a body above max_body_size is refused from its Content-Length (413), before it is read")
    void oversizedBody_isRefusedBeforeBuffering() throws Exception {
        start("password", "n0t-public", "max_body_size", "1KB");
        String auth = basic("admin", "n0t-public");
        Answer big = send("POST", "/api/v4/things", local(), auth, "Content-Length: 1073741824");
        assertThat(big.status()).isEqualTo(413);
        assertThat(big.body()).contains("max_body_size");
        // and an unauthenticated one is refused before that (401), so nobody can make the node hold a body
        assertThat(send("POST", "/api/v4/things", local(), null, "Content-Length: 1073741824").status())
                .isEqualTo(401);
        assertThat(send("POST", "/api/v4/things", local(), auth, "\n" + "x".repeat(1000)).status()).isEqualTo(200);
        assertThat(send("POST", "/api/v4/things", local(), auth, "Transfer-Encoding: chunked",
                "\n" + "800\r\n" + "x".repeat(2048) + "\r\n0\r\n\r\n").status()).isEqualTo(413);
    }

    @Test
    @DisplayName("a failing route answers 500 with an error id, not the exception's text")
    void internalError_doesNotEchoTheException() throws Exception {
        start("password", "n0t-public");
        Answer boom = send("GET", "/api/v4/boom", local(), basic("admin", "n0t-public"));
        assertThat(boom.status()).isEqualTo(500);
        assertThat(boom.body()).contains("Internal error").doesNotContain("secret").doesNotContain("10.1.2.3")
                .doesNotContain("IllegalStateException").containsPattern("\"message\":\"Internal error [0-9a-f]+");
    }
}
