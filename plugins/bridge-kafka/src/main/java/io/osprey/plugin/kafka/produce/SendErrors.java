package io.osprey.plugin.kafka.produce;

import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.ApiException;
import org.apache.kafka.common.errors.AuthenticationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.InvalidRecordException;
import org.apache.kafka.common.errors.InvalidTopicException;
import org.apache.kafka.common.errors.RecordBatchTooLargeException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;

/**
 * What a failed send means for the record. Only errors about the record itself give it up: it is too large, its
 * topic name is invalid or not writable for us — sending it again would fail the same way, and keeping it would
 * block every record behind it. Everything else (Kafka unreachable, leaders moving, timeouts, refused credentials) is
 * waited out: the record is sent again. Errors that leave the producer unusable rebuild it.
 */
enum SendErrors {
    /** Send the record again later. */
    RETRY,
    /** Send it again with a new producer. */
    RESET,
    /** Give the record up: count it as failed and log why. */
    DROP,
    /** The sender is being stopped. */
    STOP;

    static SendErrors classify(Throwable e) {
        Throwable t = e;
        if (t instanceof java.util.concurrent.ExecutionException && t.getCause() != null) {
            t = t.getCause();
        }
        if (t instanceof InterruptException || t instanceof InterruptedException) {
            return STOP;
        }
        if (t instanceof RecordTooLargeException || t instanceof RecordBatchTooLargeException
                || t instanceof InvalidTopicException || t instanceof TopicAuthorizationException
                || t instanceof InvalidRecordException || t instanceof SerializationException) {
            return DROP;
        }
        if (t instanceof RetriableException || t instanceof AuthenticationException) {
            return RETRY;
        }
        if (t instanceof ApiException) {
            // other broker-side refusals (e.g. an unknown server error) may pass: wait them out
            return RETRY;
        }
        if (t instanceof KafkaException || t instanceof IllegalStateException) {
            // producer-side state: closed, fenced, out of sequence
            return RESET;
        }
        return RETRY;
    }
}
