package io.osprey.broker.store;

import java.nio.file.Path;
import java.util.Map;

import io.osprey.api.Message;
import io.osprey.api.SubscriptionOptions;

/**
 * Benchmark fixture, not a test: fills a node's store with persistent sessions and retained messages the way the
 * broker writes them, to measure startup time and memory with a large store (the store issue's figures).
 * <p>
 * {@code java -cp <broker test classpath> io.osprey.broker.store.StoreFill <node>/data/store 100000 1000000 100}
 * writes 100 000 offline persistent sessions (one QoS 1 subscription and one queued message each) and 1 000 000
 * retained messages of 100 bytes on {@code fleet/<n>/state} topics.
 */
public final class StoreFill {

    private StoreFill() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int sessions = Integer.parseInt(args[1]);
        int retained = Integer.parseInt(args[2]);
        int size = args.length > 3 ? Integer.parseInt(args[3]) : 100;
        byte[] payload = new byte[size];
        java.util.Arrays.fill(payload, (byte) 'x');
        long t0 = System.currentTimeMillis();
        try (MvStore store = new MvStore(dir, 16, 100)) {
            long now = System.currentTimeMillis();
            for (int i = 0; i < sessions; i++) {
                String id = "fill-" + i;
                store.putSession(new StoredSession(id, 7 * 24 * 3600, now, null, 4,
                        Map.of("devices/" + i + "/cmd", SubscriptionOptions.ofQos(1)), null, 0));
                Message m = Message.builder("devices/" + i + "/cmd").payload(payload).qos(1).build();
                store.putDelivery(id, 1, new StoredDelivery(StoredDelivery.QUEUED, 0, 1, SubscriptionOptions.ofQos(1), null,
                        null, false, m), false);
                if (i % 10_000 == 9_999) {
                    store.sync().get();
                }
            }
            for (int i = 0; i < retained; i++) {
                store.retained().put(Message.builder("fleet/" + i + "/state").payload(payload).qos(1).retain(true)
                        .build());
                if (i % 50_000 == 49_999) {
                    store.sync().get();
                }
            }
            store.sync().get();
            System.out.printf("filled %s: %d sessions, %d retained messages of %d bytes in %d ms; %s%n", dir,
                    sessions, retained, size, System.currentTimeMillis() - t0, store.info());
        }
    }
}
