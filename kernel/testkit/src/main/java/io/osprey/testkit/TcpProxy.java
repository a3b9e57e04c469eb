package io.osprey.testkit;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A TCP forwarder between a client under test (a bridge) and a real server (Kafka, RabbitMQ, Mosquitto), to
 * simulate outages: {@link #cut()} closes every connection and refuses new ones (as a stopped server would),
 * {@link #pause()} holds the bytes without closing anything (a slow or hung server), and {@link #restore()} /
 * {@link #resume()} undo them.
 */
public final class TcpProxy implements AutoCloseable {

    private final ServerSocket server;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final Object gate = new Object();
    private volatile InetSocketAddress target;
    private volatile boolean up = true;
    private volatile boolean paused;
    private volatile boolean closed;

    public TcpProxy() throws IOException {
        this(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    }

    /** Forwards what {@code server} accepts, e.g. a TLS server socket in front of a plaintext broker. */
    public TcpProxy(ServerSocket server) {
        this.server = server;
        Thread t = new Thread(this::accept, "test-proxy-accept");
        t.setDaemon(true);
        t.start();
    }

    public int port() {
        return server.getLocalPort();
    }

    public void target(InetSocketAddress target) {
        this.target = target;
    }

    /** The server "stops": every connection is closed and new ones are closed at once. */
    public void cut() {
        up = false;
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        sockets.clear();
    }

    public void restore() {
        up = true;
    }

    /** The server "hangs": connections stay open but nothing goes through. */
    public void pause() {
        paused = true;
    }

    public void resume() {
        paused = false;
        synchronized (gate) {
            gate.notifyAll();
        }
    }

    private void accept() {
        while (!closed) {
            Socket client;
            try {
                client = server.accept();
            } catch (IOException e) {
                return;
            }
            InetSocketAddress t = target;
            if (!up || t == null) {
                closeQuietly(client);
                continue;
            }
            try {
                Socket upstream = new Socket(t.getAddress(), t.getPort());
                upstream.setTcpNoDelay(true);
                client.setTcpNoDelay(true);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                closeQuietly(client);
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[64 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    synchronized (gate) {
                        while (paused && up && !closed) {
                            gate.wait(50);
                        }
                    }
                    if (!up) {
                        break;
                    }
                    out.write(buf, 0, n);
                    out.flush();
                }
            } catch (IOException | InterruptedException e) {
                // the connection ends
            } finally {
                closeQuietly(from);
                closeQuietly(to);
                sockets.remove(from);
                sockets.remove(to);
            }
        }, "test-proxy-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // already closed
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        cut();
        server.close();
    }
}
