package io.osprey.itests;

import static io.osprey.itests.AttackSupport.assertServed;
import static io.osprey.itests.AttackSupport.connect;
import static io.osprey.itests.AttackSupport.publish;
import static io.osprey.itests.AttackSupport.subscribe;
import static org.assertj.core.api.Assertions.assertThat;

import io.osprey.itests.AttackSupport.Raw;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Attack: jobs on {@code jobs/#} are meant for the group {@code workers}; an intruder joins that shared group (and
 * so takes every other job away from the workers), or starts a group of its own on the same topics, or subscribes to
 * everything through a shared subscription ({@code $share/g/#}) to get past the shipped {@code {eq, "#"}} rule.
 * The ACL sees the group: {@code $share/<group>/…} rules name it, other rules apply to the filter behind it.
 */
class HostileSharedGroupIT {

    static NodeProcess node;

    @BeforeAll
    static void start() throws Exception {
        node = NodeProcess.copy("shared");
        AttackSupport.prependAcl(node, """
                {allow, {user, "worker"}, subscribe, ["$share/workers/jobs/#"]}.
                {deny, all, subscribe, ["$share/+/jobs/#", "$queue/jobs/#"]}.
                """);
        AttackSupport.start(node);
    }

    @AfterAll
    static void stop() throws Exception {
        node.close();
    }

    @Test
    void intruders_cannotJoinOrFormGroups_workersGetTheJobs() throws Exception {
        try (Raw worker = new Raw(node.mqttPort); Raw intruder = new Raw(node.mqttPort);
             Raw v3 = new Raw(node.mqttPort); Raw dispatcher = new Raw(node.mqttPort)) {
            worker.send(connect(5, "worker-1", "worker", null, null));
            assertThat(worker.connack()).isZero();
            worker.send(subscribe(true, 1, "$share/workers/jobs/#"));
            assertThat(worker.read().subackCodes(true)).containsExactly(1);

            intruder.send(connect(5, "intruder-1", "intruder", null, null));
            assertThat(intruder.connack()).isZero();
            intruder.send(subscribe(true, 1, "$share/workers/jobs/#", "$share/mine/jobs/#", "$queue/jobs/#",
                    "$share/g/#", "$share/g/+/#", "jobs/#"));
            assertThat(intruder.read().subackCodes(true)).as("join, own group, queue, everything twice; plain ok")
                    .containsExactly(0x87, 0x87, 0x87, 0x87, 0x87, 1);
            v3.send(connect(4, "intruder-3", "intruder", null, null));
            assertThat(v3.connack()).isZero();
            v3.send(subscribe(false, 1, "$share/workers/jobs/#"));
            assertThat(v3.read().subackCodes(false)).containsExactly(0x80);
            assertServed(node); // during

            dispatcher.send(connect(5, "dispatcher", null, null, null));
            assertThat(dispatcher.connack()).isZero();
            for (int i = 1; i <= 3; i++) {
                dispatcher.send(publish(true, 1, "jobs/" + i, i, "job " + i));
                assertThat(dispatcher.read().type()).isEqualTo(4);
                assertThat(worker.read().publishText(true)).as("every job reaches the group").isEqualTo("jobs/" + i
                        + " job " + i);
            }
        }
        assertServed(node);
    }
}
