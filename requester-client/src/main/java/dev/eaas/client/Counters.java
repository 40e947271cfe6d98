package dev.eaas.client;

import java.util.concurrent.atomic.LongAdder;

/** The live counters of one client, updated from every thread; {@link #snapshot()} reads them. */
final class Counters {

    final LongAdder requestsSent = new LongAdder();
    final LongAdder framesSent = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder repliesReceived = new LongAdder();
    final LongAdder decoyRepliesIgnored = new LongAdder();
    final LongAdder repliesIgnored = new LongAdder();
    final LongAdder timeouts = new LongAdder();
    final LongAdder errors = new LongAdder();

    ClientCounters snapshot() {
        return new ClientCounters(requestsSent.sum(), framesSent.sum(), retries.sum(), repliesReceived.sum(),
                decoyRepliesIgnored.sum(), repliesIgnored.sum(), timeouts.sum(), errors.sum());
    }
}
