package io.osprey.bench.jmh;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;

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
import org.openjdk.jmh.annotations.Warmup;

import io.osprey.api.ClientInfo;
import io.osprey.api.hook.AclAction;
import io.osprey.api.hook.AclResult;
import io.osprey.api.hook.ClientCheckAcl;
import io.osprey.broker.hooks.HookRegistry;
import io.osprey.broker.metrics.Metrics;
import io.osprey.broker.router.Topics;

/**
 * An ACL check that misses the per-client cache: the kernel's {@code client.check_acl} dispatch to one hook that
 * scans a few hundred EMQX-style rules ({@code {allow, {user, U}, publish, ["devices/U/#"]}}, first match wins) with
 * the kernel's own {@link Topics#matches}. The file ACL plugin does not exist yet, so the rules are evaluated by a
 * linear scan here; this is the floor such a plugin would cost without an index, and shows what the ACL cache saves.
 * The client checked matches rule number {@code rules * 5 / 6}, so most of the list is scanned.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = "-Dio.netty.leakDetection.level=disabled")
public class AclRuleScanBenchmark {

    @Param({"300"})
    int rules;

    private HookRegistry registry;
    private RuleList acl;
    private ClientInfo client;
    private String topic;
    private final Executor inline = Runnable::run;

    /** One rule: who (a user name, or everyone when {@code null}), which action, which filter, the verdict. */
    record Rule(String username, AclAction action, String filter, AclResult verdict) {
        boolean matches(ClientInfo c, AclAction a, String t) {
            return a == action && (username == null || username.equals(c.username())) && Topics.matches(filter, t);
        }
    }

    /** A rule list as a {@code client.check_acl} hook: first matching rule decides, none matching ignores. */
    static final class RuleList implements ClientCheckAcl {
        private final Rule[] rules;

        RuleList(List<Rule> rules) {
            this.rules = rules.toArray(Rule[]::new);
        }

        AclResult check(ClientInfo client, AclAction action, String topic) {
            for (Rule r : rules) {
                if (r.matches(client, action, topic)) {
                    return r.verdict();
                }
            }
            return AclResult.IGNORE;
        }

        @Override
        public CompletionStage<AclResult> checkAcl(ClientInfo client, AclAction action, String topic) {
            return check(client, action, topic).stage();
        }
    }

    @Setup(Level.Trial)
    public void setUp() {
        List<Rule> list = new ArrayList<>();
        list.add(new Rule(null, AclAction.SUBSCRIBE, "$SYS/#", AclResult.DENY));
        for (int i = 0; list.size() < rules - 1; i++) {
            list.add(new Rule("user-" + i, AclAction.PUBLISH, "devices/user-" + i + "/#", AclResult.ALLOW));
        }
        list.add(new Rule(null, AclAction.PUBLISH, "#", AclResult.DENY));
        acl = new RuleList(list);
        registry = new HookRegistry(new Metrics());
        registry.register(acl, "acl", -1);
        int user = rules * 5 / 6;
        client = new BenchClient("client-" + user, "user-" + user);
        topic = "devices/user-" + user + "/telemetry";
    }

    @Benchmark
    public CompletableFuture<AclResult> checkThroughKernel() {
        return registry.clientCheckAcl(client, AclAction.PUBLISH, topic, inline);
    }

    @Benchmark
    public AclResult ruleScanOnly() {
        return acl.check(client, AclAction.PUBLISH, topic);
    }
}
