package io.osprey.bench.report;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;

import org.HdrHistogram.Histogram;

import io.osprey.bench.audit.Losses;

/**
 * The result of a run, printed for people ({@link #text()}) and for scripts ({@link #json()}: one flat JSON object
 * on one line, so that {@code compare.sh} can read fields with {@code grep}). Message counts and rates cover the
 * measurement window only; losses and duplicates cover the whole run (warm-up included), because every message
 * must arrive, measured or not.
 *
 * @param measuredSeconds the measurement window (for {@code conn}: how long the connections were held)
 * @param sent            messages published in the window
 * @param received        deliveries in the window (for fanout: messages × subscribers)
 * @param stalls          times a publisher wrote off messages that did not arrive within a second
 * @param latency         end-to-end latency of messages sent in the window, nanoseconds
 * @param connectNanos    TCP connect to CONNACK, nanoseconds
 * @param cpuCores        cores the generator kept busy during the window
 * @param machineLoad     the machine's average CPU load in the window, 0–1, or -1 if unknown
 */
public record Summary(String scenario, String header, String mqtt, int qos, int subQos, int payload,
                      int publishers, int subscribers, int connections, int ready, long connectErrors,
                      long disconnects, long errors, double connectSeconds, Histogram connectNanos,
                      double warmupSeconds, double measuredSeconds, long sent, long acked, long received,
                      long foreign, long stalls, Histogram latency, Losses losses, double cpuCores, int cores,
                      double machineLoad, List<Map.Entry<String, Long>> errorReasons) {

    public double sentRate() {
        return rate(sent);
    }

    public double ackedRate() {
        return rate(acked);
    }

    public double receivedRate() {
        return rate(received);
    }

    private double rate(long n) {
        return measuredSeconds > 0 ? n / measuredSeconds : 0;
    }

    /** Generator CPU time per message handled (sent plus received), microseconds. */
    public double cpuMicrosPerMessage() {
        long messages = sent + received;
        return messages == 0 ? 0 : cpuCores * measuredSeconds * 1e6 / messages;
    }

    public boolean publishes() {
        return publishers > 0;
    }

    public boolean receives() {
        return subscribers > 0;
    }

    public String text() {
        StringBuilder b = new StringBuilder();
        b.append("== ").append(header).append(" ==\n");
        line(b, "connections", ready + " of " + connections + " ready in " + Format.decimal(connectSeconds, 2) + " s ("
                + Format.count(connectSeconds > 0 ? ready / connectSeconds : 0) + "/s), CONNACK p50 "
                + Format.nanos(connectNanos.getValueAtPercentile(50)) + ", p99 "
                + Format.nanos(connectNanos.getValueAtPercentile(99)) + "; " + connectErrors + " failed, "
                + disconnects + " dropped later");
        line(b, "measured", Format.decimal(measuredSeconds, 1) + " s"
                + (warmupSeconds > 0 && publishes() ? " after " + Format.decimal(warmupSeconds, 1) + " s warm-up" : ""));
        if (publishes()) {
            line(b, "sent", Format.count(sent) + " msgs, " + Format.count(sentRate()) + " msgs/s"
                    + (qos > 0 ? "; acknowledged " + Format.count(acked) + ", " + Format.count(ackedRate()) + "/s" : "")
                    + (stalls > 0 ? "; " + stalls + " stalls (undelivered messages written off after 1 s)" : ""));
        }
        if (receives()) {
            line(b, "received", Format.count(received) + " deliveries, " + Format.count(receivedRate())
                    + (subscribers > 1 && publishers > 0 && publishers < subscribers ? " deliveries/s"
                    : " msgs/s") + (foreign > 0 ? " (" + Format.count(foreign) + " not from this tool)" : ""));
            line(b, "latency", latency.getTotalCount() == 0 ? "no measured message arrived"
                    : "p50 " + Format.nanos(latency.getValueAtPercentile(50))
                    + "  p99 " + Format.nanos(latency.getValueAtPercentile(99))
                    + "  p99.9 " + Format.nanos(latency.getValueAtPercentile(99.9))
                    + "  max " + Format.nanos(latency.getMaxValue())
                    + "  (" + Format.count(latency.getTotalCount()) + " messages)");
            if (!losses.isEmpty()) {
                line(b, "lost", byQos(losses.lost()) + (losses.gapsOnly() ? " (sequence gaps: publishers in another"
                        + " process)" : ""));
                line(b, "duplicated", byQos(losses.duplicated()));
            }
            if (losses.unexpected() > 0) {
                line(b, "unexpected", losses.unexpected() + " messages reached a subscription that does not match them");
            }
        }
        line(b, "errors", errors == 0 ? "0" : errors + ": " + reasons());
        line(b, "generator CPU", Format.decimal(cpuCores, 2) + " cores (" + Format.decimal(100 * cpuCores / cores, 0)
                + " % of " + cores + ")" + (sent + received > 0 ? ", " + Format.decimal(cpuMicrosPerMessage(), 2)
                + " µs per message" : "") + (machineLoad >= 0 ? "; machine load " + Format.decimal(100 * machineLoad, 0)
                + " %" : ""));
        return b.toString();
    }

    private static void line(StringBuilder b, String label, String value) {
        b.append(String.format(Locale.ROOT, "%-14s %s%n", label, value));
    }

    private static String byQos(Map<Integer, Long> m) {
        StringJoiner j = new StringJoiner(", ");
        m.forEach((q, n) -> j.add("QoS " + q + ": " + n));
        return j.toString();
    }

    private String reasons() {
        StringJoiner j = new StringJoiner("; ");
        errorReasons.forEach(e -> j.add(e.getKey() + " (" + e.getValue() + ")"));
        return j.toString();
    }

    /** One line of flat JSON; latencies in microseconds. */
    public String json() {
        Json j = new Json();
        j.put("scenario", scenario).put("mqtt", mqtt).put("qos", qos).put("sub_qos", subQos).put("payload", payload)
                .put("publishers", publishers).put("subscribers", subscribers).put("connections", connections)
                .put("ready", ready).put("connect_errors", connectErrors).put("disconnects", disconnects)
                .put("errors", errors).put("connect_s", connectSeconds)
                .put("connect_rate", connectSeconds > 0 ? ready / connectSeconds : 0)
                .put("connect_p50_ms", connectNanos.getValueAtPercentile(50) / 1e6)
                .put("connect_p99_ms", connectNanos.getValueAtPercentile(99) / 1e6)
                .put("duration_s", measuredSeconds).put("sent", sent).put("sent_rate", sentRate())
                .put("acked", acked).put("acked_rate", ackedRate()).put("received", received)
                .put("recv_rate", receivedRate()).put("foreign", foreign).put("stalls", stalls)
                .put("latency_count", latency.getTotalCount())
                .put("latency_p50_us", latency.getValueAtPercentile(50) / 1e3)
                .put("latency_p99_us", latency.getValueAtPercentile(99) / 1e3)
                .put("latency_p999_us", latency.getValueAtPercentile(99.9) / 1e3)
                .put("latency_max_us", latency.getMaxValue() / 1e3)
                .put("lost", losses.totalLost()).put("duplicated", losses.totalDuplicated());
        losses.lost().forEach((q, n) -> j.put("lost_qos" + q, n));
        losses.duplicated().forEach((q, n) -> j.put("dup_qos" + q, n));
        j.put("loss_check", losses.isEmpty() ? "none" : losses.gapsOnly() ? "gaps" : "exact")
                .put("cpu_cores", cpuCores).put("cpu_pct", 100 * cpuCores / cores)
                .put("cpu_us_per_msg", cpuMicrosPerMessage())
                .put("machine_cpu_pct", machineLoad < 0 ? -1 : 100 * machineLoad);
        return j.toString();
    }
}
