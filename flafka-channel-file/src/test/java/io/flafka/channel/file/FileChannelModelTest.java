package io.flafka.channel.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.ChannelFullException;
import io.flafka.api.Event;
import io.flafka.api.Transaction;
import io.flafka.api.metrics.ChannelCounter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Model-based property: random sequences of put/take transactions that commit or roll back, checkpoints,
 * clean restarts and abandoned (crashed) channels behave exactly like a FIFO queue in memory.
 */
class FileChannelModelTest {
    private static final int CAPACITY = 200;

    sealed interface Action permits Put, Take, Checkpoint, Restart {
    }

    record Put(int n, boolean commit) implements Action {
    }

    record Take(int n, boolean commit) implements Action {
    }

    record Checkpoint() implements Action {
    }

    record Restart(boolean clean) implements Action {
    }

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Action> put = Combinators.combine(Arbitraries.integers().between(1, 30), Arbitraries.of(true, true,
                false)).as(Put::new);
        Arbitrary<Action> take = Combinators.combine(Arbitraries.integers().between(1, 30), Arbitraries.of(true, true,
                false)).as(Take::new);
        Arbitrary<Action> cp = Arbitraries.just(new Checkpoint());
        Arbitrary<Action> restart = Arbitraries.of(true, false).map(Restart::new);
        return Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(5, put), net.jqwik.api.Tuple.of(4, take),
                net.jqwik.api.Tuple.of(1, cp), net.jqwik.api.Tuple.of(1, restart))
                .list().ofMinSize(1).ofMaxSize(40);
    }

    @Property(tries = 100)
    void behavesLikeAFifoQueueAcrossRestarts(@ForAll("actions") List<Action> actions) throws Exception {
        Path dir = Files.createTempDirectory("fc-model");
        FileChannelConfig.Settings s = FileChannelConfig.Settings.of(dir.resolve("cp"), dir.resolve("data"),
                CAPACITY, 30).withMaxFileSize(64 * 1024);
        Deque<String> model = new ArrayDeque<>();
        FileChannel c = new FileChannel("m", s, new ChannelCounter("m"));
        c.start();
        int next = 0;
        try {
            for (Action a : actions) {
                if (a instanceof Put p) {
                        List<String> batch = new ArrayList<>();
                        for (int i = 0; i < p.n(); i++) {
                            batch.add("e" + next++ + "-" + "y".repeat(next % 300));
                        }
                        boolean fits = model.size() + p.n() <= CAPACITY;
                        try (Transaction tx = c.begin()) {
                            for (String b : batch) {
                                tx.put(Event.ofString(b));
                            }
                            if (p.commit()) {
                                tx.commit();
                                assertThat(fits).as("commit succeeded, so it fitted").isTrue();
                                model.addAll(batch);
                            }
                        } catch (ChannelFullException full) {
                            assertThat(fits).as("full only when over capacity").isFalse();
                        }
                } else if (a instanceof Take t) {
                        List<Event> got = new ArrayList<>();
                        try (Transaction tx = c.begin()) {
                            tx.take(t.n(), got);
                            if (t.commit()) {
                                tx.commit();
                            }
                        }
                        List<String> expected = new ArrayList<>();
                        var it = model.iterator();
                        for (int i = 0; i < t.n() && it.hasNext(); i++) {
                            expected.add(it.next());
                        }
                        assertThat(got).extracting(Event::bodyAsString).isEqualTo(expected);
                        if (t.commit()) {
                            for (int i = 0; i < expected.size(); i++) {
                                model.removeFirst();
                            }
                        }
                } else if (a instanceof Checkpoint) {
                    c.checkpoint();
                } else if (a instanceof Restart r) {
                        if (r.clean()) {
                            c.stop();
                        } else {
                            c.abandon();
                        }
                        c = new FileChannel("m", s, new ChannelCounter("m"));
                        c.start();
                        assertThat(c.recoveryReport().problems()).isEmpty();
                }
                assertThat(c.size()).isEqualTo(model.size());
            }
            assertThat(Fixture.drain(c)).containsExactlyElementsOf(model);
        } finally {
            c.stop();
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
