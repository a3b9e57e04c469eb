package io.osprey.plugin.authfile;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.osprey.api.ClientInfo;
import io.osprey.api.UserProperty;
import io.osprey.api.hook.ConnectRequest;
import io.osprey.api.service.MetricsService;

/** Plain implementations of the API types the authenticator reads, for unit tests without a broker. */
final class Fakes {

    private Fakes() {
    }

    record Client(String clientId, String username) implements ClientInfo {
        @Override
        public String peerHost() {
            return "127.0.0.1";
        }

        @Override
        public int peerPort() {
            return 50000;
        }

        @Override
        public String listener() {
            return "tcp";
        }

        @Override
        public int protocolVersion() {
            return 5;
        }

        @Override
        public boolean isBridge() {
            return false;
        }

        @Override
        public int keepAlive() {
            return 60;
        }

        @Override
        public boolean cleanStart() {
            return true;
        }

        @Override
        public long connectedAt() {
            return 0;
        }

        @Override
        public boolean isSuperuser() {
            return false;
        }

        @Override
        public String peerCertCommonName() {
            return null;
        }
    }

    record Request(ClientInfo client, byte[] password) implements ConnectRequest {
        @Override
        public List<UserProperty> userProperties() {
            return List.of();
        }

        @Override
        public boolean hasExistingSession() {
            return false;
        }
    }

    static ConnectRequest connect(String clientId, String username, String password) {
        return new Request(new Client(clientId, username),
                password == null ? null : password.getBytes(StandardCharsets.UTF_8));
    }

    /** Counts what the plugin increments. */
    static final class Metrics implements MetricsService {
        private final Map<String, AtomicLong> counters = new ConcurrentHashMap<>();

        @Override
        public Map<String, Long> metrics() {
            return Map.of();
        }

        @Override
        public Map<String, Long> stats() {
            return Map.of();
        }

        @Override
        public long value(String name) {
            AtomicLong v = counters.get(name);
            return v == null ? 0 : v.get();
        }

        @Override
        public void increment(String name, long delta) {
            counters.computeIfAbsent(name, n -> new AtomicLong()).addAndGet(delta);
        }
    }
}
