package io.osprey.broker.router;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import io.osprey.api.Message;
import io.osprey.api.SubscriptionOptions;
import org.junit.jupiter.api.Test;

class RouterTest {

    /** Records what it got. */
    static final class Sink implements Subscriber {
        final String id;
        final List<String> got = new ArrayList<>();
        boolean online = true;

        Sink(String id) {
            this.id = id;
        }

        @Override
        public String clientId() {
            return id;
        }

        @Override
        public boolean isOnline() {
            return online;
        }

        @Override
        public void deliver(Message message, SubscriptionOptions options, SharedRef shared) {
            got.add(message.topic() + (shared == null ? "" : " via " + shared.group()));
        }
    }

    private final Router router = new Router();

    private static Message msg(String topic) {
        return Message.builder(topic).from("pub", null).build();
    }

    private void sub(Sink s, String filter) {
        router.subscribe(s, Topics.parseFilter(filter), SubscriptionOptions.ofQos(0));
    }

    @Test
    void exactAndWildcardFilters_allMatch() {
        Sink a = new Sink("a");
        sub(a, "x/y");
        sub(a, "x/+");
        sub(a, "x/#");
        sub(a, "#");
        assertThat(router.route(msg("x/y"), "pub", false)).isEqualTo(4);
        assertThat(router.route(msg("x"), "pub", false)).isEqualTo(2); // x/# and #
        assertThat(router.route(msg("$SYS/x"), "pub", false)).isZero();
    }

    @Test
    void unsubscribe_prunesRoutes() {
        Sink a = new Sink("a");
        sub(a, "p/+/q");
        sub(a, "p/r");
        assertThat(router.routeCount()).isEqualTo(2);
        router.unsubscribe(a, Topics.parseFilter("p/+/q"));
        router.unsubscribe(a, Topics.parseFilter("p/r"));
        assertThat(router.routeCount()).isZero();
        assertThat(router.subscriptionCount()).isZero();
        assertThat(router.route(msg("p/1/q"), "pub", false)).isZero();
    }

    @Test
    void resubscribing_replacesOptions_withoutCountingTwice() {
        Sink a = new Sink("a");
        assertThat(router.subscribe(a, Topics.parseFilter("t"), SubscriptionOptions.ofQos(0))).isTrue();
        assertThat(router.subscribe(a, Topics.parseFilter("t"), SubscriptionOptions.ofQos(1))).isFalse();
        assertThat(router.subscriptionCount()).isEqualTo(1);
    }

    @Test
    void noLocal_andBridges_doNotGetTheirOwnMessages() {
        Sink self = new Sink("pub");
        router.subscribe(self, Topics.parseFilter("n/#"), new SubscriptionOptions(0, true, false, 0, 0));
        assertThat(router.route(msg("n/1"), "pub", false)).isZero();
        Sink bridge = new Sink("br");
        sub(bridge, "b/#");
        assertThat(router.route(Message.builder("b/1").build(), "br", true)).isZero();
        assertThat(router.route(Message.builder("b/1").build(), "other", false)).isEqualTo(1);
    }

    @Test
    void sharedGroup_deliversOncePerGroup_preferringConnectedMembers() {
        Sink a = new Sink("a");
        Sink b = new Sink("b");
        sub(a, "$share/g/s/+");
        sub(b, "$share/g/s/+");
        b.online = false;
        for (int i = 0; i < 10; i++) {
            assertThat(router.route(msg("s/" + i), "pub", false)).isEqualTo(1);
        }
        assertThat(a.got).hasSize(10);
        assertThat(b.got).isEmpty();
        assertThat(a.got.get(0)).endsWith("via g");
    }

    @Test
    void roundRobin_spreadsEvenly() {
        router.setSharedStrategy(SharedStrategy.ROUND_ROBIN);
        Sink a = new Sink("a");
        Sink b = new Sink("b");
        sub(a, "$share/g/rr");
        sub(b, "$share/g/rr");
        for (int i = 0; i < 10; i++) {
            router.route(msg("rr"), "pub", false);
        }
        assertThat(a.got).hasSize(5);
        assertThat(b.got).hasSize(5);
    }

    @Test
    void hashTopic_sendsATopicAlwaysToTheSameMember() {
        router.setSharedStrategy(SharedStrategy.HASH_TOPIC);
        Sink a = new Sink("a");
        Sink b = new Sink("b");
        sub(a, "$share/g/h/+");
        sub(b, "$share/g/h/+");
        for (int i = 0; i < 5; i++) {
            router.route(msg("h/same"), "pub", false);
        }
        assertThat(a.got.size() == 5 || b.got.size() == 5).isTrue();
    }

    @Test
    void redispatch_goesToAnotherMember() {
        Sink a = new Sink("a");
        Sink b = new Sink("b");
        sub(a, "$share/g/rd");
        sub(b, "$share/g/rd");
        assertThat(router.redispatchShared("g", "rd", msg("rd"), a)).isTrue();
        assertThat(b.got).hasSize(1);
        router.unsubscribe(b, Topics.parseFilter("$share/g/rd"));
        assertThat(router.redispatchShared("g", "rd", msg("rd"), a)).isFalse();
    }

    @Test
    void matchingFilters_listsWhatWouldReceive() {
        Sink a = new Sink("a");
        sub(a, "m/+");
        sub(a, "m/1");
        sub(a, "other");
        assertThat(router.matchingFilters("m/1")).containsExactlyInAnyOrder("m/+", "m/1");
    }

    @Test
    void changesBetweenDeliveries_areSeenByTheNextOne() {
        Sink a = new Sink("a");
        Sink b = new Sink("b");
        sub(a, "c/t");
        assertThat(router.route(msg("c/t"), "pub", false)).isEqualTo(1);
        sub(b, "c/t");
        assertThat(router.route(msg("c/t"), "pub", false)).isEqualTo(2);
        router.unsubscribe(a, Topics.parseFilter("c/t"));
        assertThat(router.route(msg("c/t"), "pub", false)).isEqualTo(1);
        assertThat(a.got).hasSize(2);
        assertThat(b.got).hasSize(2);
        // new options for the same subscriber apply at once: No Local now keeps b's own message from it
        router.subscribe(b, Topics.parseFilter("c/t"), new SubscriptionOptions(0, true, false, 0, 0));
        assertThat(router.route(msg("c/t"), "b", false)).isZero();
    }

    @Test
    void subscribesRacingDeliveries_areAllSeenOnceTheyReturned() throws Exception {
        int n = 2_000;
        List<Sink> sinks = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            sinks.add(new Sink("s" + i));
        }
        java.util.concurrent.atomic.AtomicBoolean done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread subscriber = new Thread(() -> {
            for (Sink s : sinks) {
                sub(s, "race/t");
            }
            done.set(true);
        });
        subscriber.start();
        while (!done.get()) {
            router.route(msg("race/t"), "pub", false); // keeps rebuilding the route's snapshot meanwhile
        }
        subscriber.join();
        assertThat(router.route(msg("race/t"), "pub", false)).isEqualTo(n);
        assertThat(sinks).allSatisfy(s -> assertThat(s.got).isNotEmpty());
    }
}
