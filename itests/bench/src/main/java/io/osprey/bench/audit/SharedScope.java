package io.osprey.bench.audit;

/**
 * The audience of a shared subscription ({@code $share/<group>/<filter>}): the group as a whole must see each message
 * once, whichever member gets it. Members live on different I/O threads, hence the lock.
 */
final class SharedScope extends Scope {

    SharedScope(int runId, String filter, int qos) {
        super(runId, filter, qos);
    }

    @Override
    public synchronized int record(int fromRun, int publisher, long seq, int packetQos) {
        return super.record(fromRun, publisher, seq, packetQos);
    }

    @Override
    synchronized void report(Losses into) {
        super.report(into);
    }
}
