package io.flafka.bench.e2e;

import java.util.BitSet;

/** Counts the sequence numbers seen: duplicates, missing ones and foreign records. Not thread-safe. */
final class SeqCheck {
    private final long expected;
    private final BitSet seen;
    private long received;
    private long duplicates;
    private long foreign;

    SeqCheck(long expected) {
        this.expected = expected;
        this.seen = new BitSet((int) expected);
    }

    /** Reads {@code topic} from its beginning to its end and checks the sequence numbers 0..n-1. */
    static Verification ofTopic(String bootstrap, String topic, long n) {
        SeqCheck check = new SeqCheck(n);
        Kafka.readAll(bootstrap, topic, r -> check.add(Bodies.seq(r.value())));
        return check.result();
    }

    void add(long seq) {
        received++;
        if (seq < 0 || seq >= expected) {
            foreign++;
        } else if (seen.get((int) seq)) {
            duplicates++;
        } else {
            seen.set((int) seq);
        }
    }

    long received() {
        return received;
    }

    boolean complete() {
        return seen.cardinality() == expected;
    }

    Verification result() {
        long distinct = seen.cardinality();
        return new Verification(expected, received, duplicates, expected - distinct, foreign, null);
    }
}
