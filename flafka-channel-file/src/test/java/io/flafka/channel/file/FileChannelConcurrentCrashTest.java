package io.flafka.channel.file;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.ChannelFullException;
import io.flafka.api.Event;
import io.flafka.api.Transaction;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Concurrent putters and takers over two data directories while checkpoints run every 100 ms and
 * segments roll and get deleted; then the channel is abandoned (as by kill -9) and reopened: exactly the
 * committed puts minus the committed takes come back, none twice.
 */
class FileChannelConcurrentCrashTest {
    @TempDir
    Path tmp;

    @Test
    void abandonedUnderLoadRecoversExactly() throws Exception {
        FileChannelConfig.Settings base = Fixture.settings(tmp, 5_000, 50)
                .withDataDirs(List.of(tmp.resolve("d1"), tmp.resolve("d2")));
        FileChannelConfig.Settings s = new FileChannelConfig.Settings(base.checkpointDir(), null, base.dataDirs(),
                5_000, 50, 100, 64 * 1024, 0, 1, true, true, 1, false, 64 * 1024);
        FileChannel c = Fixture.open(s);
        Set<String> put = ConcurrentHashMap.newKeySet();
        Set<String> taken = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger takenCount = new AtomicInteger();
        int putters = 3;
        int batches = 120;
        int batch = 25;
        int stopTakingAt = putters * batches * batch / 2;
        ExecutorService pool = Executors.newFixedThreadPool(putters + 2);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int p = 0; p < putters; p++) {
                int id = p;
                futures.add(pool.submit(() -> {
                    for (int b = 0; b < batches; b++) {
                        List<String> bodies = new ArrayList<>();
                        for (int i = 0; i < batch; i++) {
                            bodies.add("p" + id + "-" + b + "-" + i + "-" + "z".repeat(i * 7));
                        }
                        while (true) {
                            try {
                                Fixture.put(c, bodies);
                                put.addAll(bodies);
                                break;
                            } catch (ChannelFullException full) {
                                Thread.onSpinWait();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (int t = 0; t < 2; t++) {
                int id = t;
                futures.add(pool.submit(() -> {
                    int round = 0;
                    while (takenCount.get() < stopTakingAt) {
                        List<Event> got = new ArrayList<>();
                        try (Transaction tx = c.begin()) {
                            tx.take(40, got);
                            if ((round++ + id) % 5 == 0) {
                                tx.rollback();
                                continue;
                            }
                            tx.commit();
                        }
                        for (Event e : got) {
                            if (!taken.add(e.bodyAsString())) {
                                duplicates.incrementAndGet();
                            }
                        }
                        takenCount.addAndGet(got.size());
                        if (got.isEmpty()) {
                            Thread.yield();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        // One more checkpoint races nothing now, but open transactions are part of the state too.
        Transaction openTake = c.begin();
        List<Event> held = new ArrayList<>();
        openTake.take(10, held);
        c.abandon();

        FileChannel r = Fixture.open(s);
        assertThat(r.recoveryReport().problems()).isEmpty();
        List<String> left = Fixture.drain(r);
        r.stop();
        Set<String> expected = new HashSet<>(put);
        expected.removeAll(taken);
        assertThat(duplicates.get()).isZero();
        assertThat(left).doesNotHaveDuplicates();
        assertThat(new HashSet<>(left)).isEqualTo(expected);
    }
}
