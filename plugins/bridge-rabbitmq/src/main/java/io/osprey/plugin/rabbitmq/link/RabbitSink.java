package io.osprey.plugin.rabbitmq.link;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.rabbitmq.client.Address;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.osprey.bridge.core.send.Sink;
import io.osprey.bridge.core.stats.LinkStatus;
import io.osprey.bridge.core.tls.PemSsl;
import io.osprey.plugin.rabbitmq.config.ConnectionSettings;
import io.osprey.plugin.rabbitmq.record.AmqpRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The bridge core's {@link Sink} over one RabbitMQ connection, recovered by the bridge itself: a sender thread opens
 * the connection and its channels; when it is lost, every unconfirmed message is told "send again" at once and the
 * next call to {@link #ready} (after {@code reconnect_interval}) opens a new connection with new channels, so that
 * confirm sequence numbers never mix across connections and the replay resends in order. The client's own automatic
 * recovery is off for that reason: it restores channels whose confirms the bridge would have to trust across a
 * broker restart. While RabbitMQ stays unreachable the pause grows up to 30 s.
 * <p>
 * The replay of the buffer publishes on channel 0, in order; sync-mode messages are spread over the others
 * ({@code pool_size}).
 */
final class RabbitSink implements Sink<AmqpRecord> {

    private static final Logger LOG = LoggerFactory.getLogger(RabbitSink.class);
    private static final long MAX_RETRY_MS = 30_000;

    private final ConnectionSettings settings;
    private final LinkStatus status;
    private final AtomicInteger nextSyncChannel = new AtomicInteger();
    private Connection connection;
    /** Replaced whole, never changed in place: the connection's listener reads it without the lock. */
    private volatile ChannelPublisher[] channels = new ChannelPublisher[0];
    private long retryAt;
    private long retryDelay;
    private boolean failing;
    private boolean closed;

    RabbitSink(ConnectionSettings settings, LinkStatus status) {
        this.settings = settings;
        this.status = status;
        this.retryDelay = settings.reconnectInterval().toMillis();
    }

    @Override
    public synchronized boolean ready() {
        if (closed) {
            return false;
        }
        if (connection == null && !connect()) {
            return false;
        }
        if (!connection.isOpen()) {
            // lost: its listener already failed what was unconfirmed; reconnect after reconnect_interval
            connection = null;
            channels = new ChannelPublisher[0];
            retryAt = System.currentTimeMillis() + settings.reconnectInterval().toMillis();
            retryDelay = settings.reconnectInterval().toMillis();
            LOG.warn("RabbitMQ bridge: connection to {} lost; reconnecting while records wait in the buffer",
                    String.join(",", settings.servers()));
            return false;
        }
        ChannelPublisher[] now = channels;
        for (int i = 0; i < now.length; i++) {
            if (!now[i].isOpen()) {
                now[i].close();
                try {
                    ChannelPublisher[] next = now.clone();
                    next[i] = new ChannelPublisher(connection.createChannel());
                    channels = next;
                    now = next;
                } catch (IOException | RuntimeException e) {
                    status.error("cannot open a RabbitMQ channel: " + ChannelPublisher.cause(e));
                    return false;
                }
            }
        }
        return true;
    }

    private boolean connect() {
        long now = System.currentTimeMillis();
        if (now < retryAt) {
            return false;
        }
        String where = String.join(",", settings.servers());
        try {
            Connection c = factory().newConnection(addresses(), "osprey-bridge-rabbitmq");
            ChannelPublisher[] open = new ChannelPublisher[settings.poolSize()];
            for (int i = 0; i < open.length; i++) {
                open[i] = new ChannelPublisher(c.createChannel());
            }
            c.addShutdownListener(cause -> {
                String why = "connection lost: " + ChannelPublisher.cause(cause);
                if (!cause.isInitiatedByApplication()) {
                    status.error(why);
                }
                for (ChannelPublisher p : open) {
                    p.shutdown(why);
                }
            });
            connection = c;
            channels = open;
            retryDelay = settings.reconnectInterval().toMillis();
            failing = false;
            LOG.info("RabbitMQ bridge connected to {} (virtual host {}), {} channels", where, settings.virtualHost(),
                    open.length);
            return true;
        } catch (IOException | TimeoutException | RuntimeException | java.security.GeneralSecurityException e) {
            String why = "cannot connect to RabbitMQ at " + where + ": " + ChannelPublisher.cause(e);
            if (!failing) {
                failing = true;
                LOG.error("RabbitMQ bridge: {}; trying again every few seconds, records wait in the buffer", why);
            }
            status.error(why);
            retryAt = now + retryDelay;
            retryDelay = Math.min(MAX_RETRY_MS, retryDelay * 2);
            return false;
        }
    }

    private ConnectionFactory factory() throws java.security.GeneralSecurityException, IOException {
        ConnectionFactory f = new ConnectionFactory();
        f.setUsername(settings.username());
        f.setPassword(settings.password());
        f.setVirtualHost(settings.virtualHost());
        f.setRequestedHeartbeat((int) settings.heartbeat().toSeconds());
        f.setConnectionTimeout((int) settings.connectTimeout().toMillis());
        f.setHandshakeTimeout((int) Math.max(settings.connectTimeout().toMillis(), 10_000));
        // the sink reconnects by itself (see above); exchanges are declared again before their next message
        f.setAutomaticRecoveryEnabled(false);
        f.setTopologyRecoveryEnabled(false);
        f.setThreadFactory(r -> {
            Thread t = new Thread(r, "osprey-bridge-rabbitmq-io");
            t.setDaemon(true);
            return t;
        });
        if (settings.tls().enabled()) {
            f.useSslProtocol(PemSsl.context(settings.tls()));
            if (settings.tls().verifyHostname()) {
                f.enableHostnameVerification();
            }
        }
        return f;
    }

    private List<Address> addresses() {
        List<Address> out = new ArrayList<>();
        for (String s : settings.servers()) {
            int colon = s.lastIndexOf(':');
            out.add(new Address(s.substring(0, colon), Integer.parseInt(s.substring(colon + 1))));
        }
        return out;
    }

    @Override
    public void send(AmqpRecord r, Outcome done) {
        publisher(0).publish(r, done);
    }

    private ChannelPublisher publisher(int i) {
        ChannelPublisher[] now = channels;
        return now.length == 0 ? null : now[i];
    }

    @Override
    public Sink<AmqpRecord> forSync() {
        return new Sink<>() {
            @Override
            public boolean ready() {
                return RabbitSink.this.ready();
            }

            @Override
            public void send(AmqpRecord r, Outcome done) {
                int n = settings.poolSize();
                // channel 0 replays the buffer; sync messages use the others when there are others
                int i = n == 1 ? 0 : 1 + Math.floorMod(nextSyncChannel.getAndIncrement(), n - 1);
                publisher(i).publish(r, done);
            }

            @Override
            public void close(Duration timeout) {
                // the outer sink closes the connection
            }
        };
    }

    @Override
    public synchronized int connectionCount() {
        return connection != null && connection.isOpen() ? 1 : 0;
    }

    @Override
    public void close(Duration timeout) {
        Connection c;
        synchronized (this) {
            closed = true;
            c = connection;
            connection = null;
        }
        if (c != null) {
            try {
                c.close((int) timeout.toMillis());
            } catch (IOException | RuntimeException e) {
                LOG.debug("RabbitMQ bridge: closing the connection failed", e);
            }
        }
    }
}
