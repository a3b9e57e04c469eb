package io.osprey.bridge.core.send;

import java.time.Duration;

/**
 * The one part of a bridge that talks to the remote system: Kafka's producer, a RabbitMQ channel, an MQTT client.
 * The core's senders call it from their own threads (never from a broker I/O thread), in buffer order.
 *
 * @param <R> the bridge's record type
 */
public interface Sink<R> {

    /**
     * Is there a connection that can take records now? Called by the sender threads before sending; may create or
     * repair the connection (briefly). While {@code false}, records wait on disk.
     */
    boolean ready();

    /**
     * Sends one record. The outcome is reported exactly once through {@code done}, from any thread: at once, or when
     * the remote side acknowledged it. May block the calling sender thread for a short while (flow control).
     */
    void send(R record, Outcome done);

    /**
     * The sink the sync sender uses: this one by default; a sink may give sync-mode messages their own lanes (e.g.
     * RabbitMQ channels) so that they do not queue behind the replay of the buffer.
     */
    default Sink<R> forSync() {
        return this;
    }

    /** Open connections to the remote side, or -1 when the sink cannot tell. */
    default int connectionCount() {
        return -1;
    }

    /** Closes the connection, giving records in flight up to {@code timeout} to be acknowledged. */
    void close(Duration timeout);

    /** What became of one record. */
    interface Outcome {
        /** The remote side has it. */
        void sent();

        /** It did not get there for a reason that may pass (connection lost, timeout): send it again later. */
        void retry(String why);

        /** The remote side refused it for good (too large, not allowed): count it as failed, never send it again. */
        void refused(String why);
    }
}
