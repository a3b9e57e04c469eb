package io.osprey.bench.cli;

/** The help text, generated from {@link Scenario} and {@link CommandLine.Option} so that it cannot go stale. */
public final class Usage {

    private Usage() {
    }

    public static String text() {
        StringBuilder b = new StringBuilder();
        b.append("Usage: osprey bench <scenario> [options]\n\nScenarios:\n");
        for (Scenario s : Scenario.values()) {
            b.append(String.format("  %-8s %s (default count %d)%n", s.label(), s.description(), s.defaultCount()));
        }
        b.append("\nOptions:\n");
        for (CommandLine.Option o : CommandLine.Option.values()) {
            String left = (o.shortName != 0 ? "-" + o.shortName + ", " : "    ") + "--" + o.name
                    + (o.arg != null ? " " + o.arg : "");
            b.append(String.format("  %-30s %s%n", left, o.help));
        }
        b.append("""

                Each payload carries a magic number, a run id, the publisher index, a sequence number and the send
                time (System.nanoTime), so subscribers measure end-to-end latency and count lost and duplicated
                messages. Latency between different hosts is not meaningful (the clocks differ).
                Progress goes to stderr every second; the summary to stdout (one JSON line with --json).

                Examples:
                  osprey bench fanin --qos 1 --count 50 --duration 10
                  osprey bench fanout --subscribers 100 --size 64
                  osprey bench p2p --pairs 500 --qos 1 --mqtt 5
                  osprey bench conn --count 10000 --rate 2000 --duration 0
                  osprey bench sub --filter 'sensors/#' --share g1 --count 4 --duration 0
                  osprey bench pub --topic 'sensors/%i' --rate 10 --count 1000 --tls --insecure --port 8883
                """);
        return b.toString();
    }
}
