package io.osprey.plugin.webhook;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;

/**
 * A real HTTP(S) endpoint on an ephemeral loopback port, receiving the web hook's POSTs. It keeps every body (a JSON
 * object, or an array of them with batching) and every event in arrival order. It can answer 200 (default), answer
 * another status, hang (accept and never answer), or go down and come back on the same port.
 */
final class Receiver implements AutoCloseable {

    enum Mode { OK, FAIL, HANG }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final SSLContext tls;
    private final boolean needClientAuth;
    private final ExecutorService threads = Executors.newCachedThreadPool();
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;
    private int port;
    private volatile Mode mode = Mode.OK;
    private volatile int failStatus = 500;

    /** Bodies in arrival order (objects, or arrays when batching). */
    final List<JsonNode> bodies = new CopyOnWriteArrayList<>();
    /** Events in arrival order, arrays flattened. */
    final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
    /** Request headers of the last request, lower-case names. */
    volatile com.sun.net.httpserver.Headers lastHeaders;

    private Receiver(SSLContext tls, boolean needClientAuth) throws IOException {
        this.tls = tls;
        this.needClientAuth = needClientAuth;
        start(0);
    }

    static Receiver http() throws IOException {
        return new Receiver(null, false);
    }

    static Receiver https(SSLContext tls, boolean needClientAuth) throws IOException {
        return new Receiver(tls, needClientAuth);
    }

    String url() {
        return (tls == null ? "http" : "https") + "://127.0.0.1:" + port + "/hook";
    }

    void mode(Mode m) {
        mode = m;
    }

    void fail(int status) {
        failStatus = status;
        mode = Mode.FAIL;
    }

    /** Closes the listening socket: connections are refused until {@link #up()}. */
    void down() {
        server.stop(0);
    }

    /** Listens again, on the same port. */
    void up() throws IOException {
        start(port);
    }

    private void start(int onPort) throws IOException {
        InetSocketAddress addr = new InetSocketAddress("127.0.0.1", onPort);
        if (tls == null) {
            server = HttpServer.create(addr, 64);
        } else {
            HttpsServer s = HttpsServer.create(addr, 64);
            s.setHttpsConfigurator(new HttpsConfigurator(tls) {
                @Override
                public void configure(HttpsParameters params) {
                    SSLParameters p = tls.getDefaultSSLParameters();
                    p.setNeedClientAuth(needClientAuth);
                    params.setSSLParameters(p);
                }
            });
            server = s;
        }
        server.createContext("/", this::handle);
        server.setExecutor(threads);
        server.start();
        port = server.getAddress().getPort();
    }

    private void handle(HttpExchange x) throws IOException {
        try (x) {
            byte[] body;
            try (InputStream in = x.getRequestBody()) {
                body = in.readAllBytes();
            }
            Mode m = mode;
            if (m == Mode.HANG) {
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return;
            }
            if (m == Mode.FAIL) {
                x.sendResponseHeaders(failStatus, -1);
                return;
            }
            lastHeaders = x.getRequestHeaders();
            JsonNode json = JSON.readTree(body);
            bodies.add(json);
            if (json.isArray()) {
                json.forEach(events::add);
            } else {
                events.add(json);
            }
            x.sendResponseHeaders(200, -1);
        }
    }

    /** The next event, or {@code null} after {@code seconds}. */
    JsonNode next(long seconds) throws InterruptedException {
        return events.poll(seconds, TimeUnit.SECONDS);
    }

    /** The next event that matches, skipping others; fails after {@code seconds}. */
    JsonNode next(Predicate<JsonNode> which, long seconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("no matching event within " + seconds + " s");
            }
            if (which.test(e)) {
                return e;
            }
        }
    }

    /** Waits for {@code n} events and returns them (and any others that came meanwhile are left queued). */
    List<JsonNode> take(int n, long seconds) throws InterruptedException {
        List<JsonNode> out = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (out.size() < n) {
            long left = deadline - System.nanoTime();
            JsonNode e = left <= 0 ? null : events.poll(left, TimeUnit.NANOSECONDS);
            if (e == null) {
                throw new AssertionError("only " + out.size() + " of " + n + " events within " + seconds + " s: "
                        + out);
            }
            out.add(e);
        }
        return out;
    }

    static Predicate<JsonNode> action(String action) {
        return e -> action.equals(e.path("action").asText());
    }

    @Override
    public void close() {
        release.countDown();
        server.stop(0);
        threads.shutdownNow();
    }
}
