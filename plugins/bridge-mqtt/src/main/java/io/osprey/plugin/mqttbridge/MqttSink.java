package io.osprey.plugin.mqttbridge;

import java.time.Duration;

import io.osprey.bridge.core.send.Sink;
import io.osprey.plugin.mqttbridge.client.RemoteConnection;
import io.osprey.plugin.mqttbridge.record.MqttRecord;

/** The bridge core's {@link Sink} over the bridge's {@link RemoteConnection}. */
final class MqttSink implements Sink<MqttRecord> {

    private final RemoteConnection connection;

    MqttSink(RemoteConnection connection) {
        this.connection = connection;
        connection.start();
    }

    @Override
    public boolean ready() {
        return connection.ready();
    }

    @Override
    public void send(MqttRecord record, Outcome done) {
        connection.publish(record, done);
    }

    @Override
    public int connectionCount() {
        return connection.connectionCount();
    }

    @Override
    public void close(Duration timeout) {
        connection.close(timeout);
    }
}
