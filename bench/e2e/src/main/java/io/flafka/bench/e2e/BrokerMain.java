package io.flafka.bench.e2e;

import io.flafka.testkit.kafka.EmbeddedKafkaBroker;
import java.io.IOException;

/**
 * The broker child process: starts a single-node KRaft broker, prints {@code BOOTSTRAP <host:port>} on
 * stdout, and stops (deleting its log) when its stdin closes, i.e. when the runner ends.
 */
public final class BrokerMain {
    static final String READY_PREFIX = "BOOTSTRAP ";

    private BrokerMain() {
    }

    public static void main(String[] args) throws IOException {
        // a deleted topic's files go at once, not a minute later: by then the kernel would have written the
        // runs' output topics back to disk while later runs were measured (see Scenarios.Env.readBackAndDelete)
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.builder()
                .property("log.segment.delete.delay.ms", "0").build().start()) {
            System.out.println(READY_PREFIX + broker.bootstrapServers());
            System.out.flush();
            while (System.in.read() != -1) {
                // wait for the parent to close our stdin (or die)
            }
        }
    }
}
