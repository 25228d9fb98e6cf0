package io.flafka.channel.file;

import static io.flafka.channel.file.Fixture.bodies;
import static io.flafka.channel.file.Fixture.drain;
import static io.flafka.channel.file.Fixture.open;
import static io.flafka.channel.file.Fixture.settings;
import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.Event;
import io.flafka.api.Transaction;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Commits that start as soon as the one before them has its place ({@link Transaction#commit(Runnable)}). */
class FileChannelOrderedCommitTest {
    @TempDir
    Path tmp;

    @Test
    void theCallbackRunsOnTheCommittingThreadOnceTheRecordIsLoggedAndBeforeTakersSeeIt() throws Exception {
        FileChannel c = open(settings(tmp, 1000, 100));
        AtomicLong sizeAtCallback = new AtomicLong(-1);
        Thread[] callbackThread = new Thread[1];
        try (Transaction tx = c.begin()) {
            tx.put(Event.ofString("a"));
            tx.put(Event.ofString("b"));
            tx.commit(() -> {
                callbackThread[0] = Thread.currentThread();
                sizeAtCallback.set(c.size());
            });
        }
        assertThat(callbackThread[0]).isSameAs(Thread.currentThread());
        assertThat(sizeAtCallback).hasValue(0);
        assertThat(drain(c)).containsExactly("a", "b");
        c.stop();
    }

    @Test
    void batchesChainedOnTheirPlaceKeepTheirOrderAcrossThreads() throws Exception {
        FileChannel c = open(settings(tmp, 100_000, 1000));
        ExecutorService threads = Executors.newFixedThreadPool(3);
        ArrayDeque<Future<?>> inFlight = new ArrayDeque<>();
        CompletableFuture<Void> last = CompletableFuture.completedFuture(null);
        int batches = 300;
        int size = 10;
        try {
            for (int b = 0; b < batches; b++) {
                List<String> batch = bodies("e", b * size, (b + 1) * size);
                CompletableFuture<Void> after = last;
                CompletableFuture<Void> placed = new CompletableFuture<>();
                last = placed;
                inFlight.addLast(threads.submit(() -> {
                    try (Transaction tx = c.begin()) {
                        for (String body : batch) {
                            tx.put(Event.ofString(body));
                        }
                        after.join();
                        tx.commit(() -> placed.complete(null));
                    } finally {
                        placed.complete(null);
                    }
                    return null;
                }));
                if (inFlight.size() == 3) {
                    inFlight.pollFirst().get();
                }
            }
            for (Future<?> f : inFlight) {
                f.get();
            }
        } finally {
            threads.shutdownNow();
        }
        List<String> expected = new ArrayList<>(bodies("e", 0, batches * size));
        assertThat(drain(c)).isEqualTo(expected);
        c.stop();
    }
}
