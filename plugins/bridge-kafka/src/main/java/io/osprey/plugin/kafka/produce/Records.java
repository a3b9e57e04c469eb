package io.osprey.plugin.kafka.produce;

import java.util.ArrayList;
import java.util.List;

import io.osprey.plugin.kafka.record.BridgeRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;

/** Builds the Kafka {@link ProducerRecord} of a {@link BridgeRecord}: user properties become headers. */
final class Records {

    private Records() {
    }

    static ProducerRecord<byte[], byte[]> of(BridgeRecord r, Integer partition) {
        List<Header> headers = null;
        if (!r.headers().isEmpty()) {
            headers = new ArrayList<>(r.headers().size());
            for (BridgeRecord.Header h : r.headers()) {
                headers.add(new RecordHeader(h.name(), h.value()));
            }
        }
        return new ProducerRecord<>(r.topic(), partition, null, r.key(), r.value(), headers);
    }
}
