package io.osprey.bench.jmh;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import io.osprey.api.ClientInfo;
import io.osprey.api.hook.AclAction;
import io.osprey.api.hook.AclResult;
import io.osprey.api.service.ClientService;
import io.osprey.api.service.NodeInfo;
import io.osprey.broker.hooks.HookRegistry;
import io.osprey.broker.metrics.Metrics;
import io.osprey.plugin.aclfile.AclFilePlugin;

/**
 * An ACL check that misses the per-client cache, with the real {@code acl-file} plugin loaded with a few hundred
 * rules of EMQX's {@code acl.conf} syntax: one {@code {allow, {user, "user-N"}, publish, ["devices/%u/#"]}} per
 * user, a {@code $SYS} rule first and a final deny. The checked client matches a rule five sixths down the list,
 * so most of it is scanned. Measured through the kernel's {@code client.check_acl} dispatch and on the plugin alone.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
public class AclFileBenchmark {

    @Param({"300"})
    int rules;

    private Path folder;
    private HookRegistry registry;
    private AclFilePlugin plugin;
    private ClientInfo client;
    private String topic;
    private final Executor inline = Runnable::run;

    /** The node as the plugin sees it: only the configuration folder is asked for. */
    record Node(Path etc) implements NodeInfo {
        @Override
        public String name() {
            return "bench@127.0.0.1";
        }

        @Override
        public String version() {
            return "bench";
        }

        @Override
        public Path dataDir(String plugin) {
            return etc.resolveSibling("data").resolve(plugin);
        }

        @Override
        public Path etcDir() {
            return etc;
        }
    }

    /** No connected clients: the plugin only clears ACL caches through this on reload. */
    static final class NoClients implements ClientService {
        @Override
        public Optional<ClientInfo> find(String clientId) {
            return Optional.empty();
        }

        @Override
        public int count() {
            return 0;
        }

        @Override
        public void forEach(Consumer<ClientInfo> action) {
            // nobody is connected
        }

        @Override
        public boolean kick(String clientId) {
            return false;
        }

        @Override
        public boolean clearAclCache(String clientId) {
            return false;
        }

        @Override
        public void clearAclCache() {
            // nothing cached
        }
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        folder = Files.createTempDirectory("osprey-acl-bench");
        Path etc = folder.resolve("etc");
        Files.createDirectories(etc);
        StringBuilder conf = new StringBuilder("{deny, all, subscribe, [\"$SYS/#\", {eq, \"#\"}]}.\n");
        for (int i = 0; i < rules - 2; i++) {
            conf.append("{allow, {user, \"user-").append(i).append("\"}, publish, [\"devices/%u/#\"]}.\n");
        }
        conf.append("{deny, all}.\n");
        Path file = etc.resolve("acl.conf");
        Files.writeString(file, conf);
        plugin = new AclFilePlugin(new Node(etc), new NoClients(),
                Map.of("acl_file", file.toString(), "watch_interval", "1h"));
        registry = new HookRegistry(new Metrics());
        registry.register(plugin, "acl-file", -1);
        int user = (rules - 2) * 5 / 6;
        client = new BenchClient("client-" + user, "user-" + user);
        topic = "devices/user-" + user + "/telemetry";
        AclResult r = plugin.checkAcl(client, AclAction.PUBLISH, topic).toCompletableFuture().join();
        if (r != AclResult.ALLOW) {
            throw new IllegalStateException("the rules do not allow the benchmark's client: " + r);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        Files.deleteIfExists(folder.resolve("etc").resolve("acl.conf"));
        Files.deleteIfExists(folder.resolve("etc"));
        Files.deleteIfExists(folder);
    }

    @Benchmark
    public CompletableFuture<AclResult> checkThroughKernel() {
        return registry.clientCheckAcl(client, AclAction.PUBLISH, topic, inline);
    }

    @Benchmark
    public CompletableFuture<AclResult> pluginOnly() {
        return plugin.checkAcl(client, AclAction.PUBLISH, topic).toCompletableFuture();
    }
}
