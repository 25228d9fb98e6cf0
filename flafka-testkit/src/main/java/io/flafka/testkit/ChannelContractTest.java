package io.flafka.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.flafka.api.Channel;
import io.flafka.api.ChannelException;
import io.flafka.api.ChannelFullException;
import io.flafka.api.Event;
import io.flafka.api.Transaction;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * The transaction contract every {@link Channel} honours. A channel's test class extends this and
 * implements {@link #createChannel(int, int)}; hooks let channels opt out of what they cannot promise
 * (an unbounded channel has no "full").
 *
 * <p>No test depends on timing: waits are bounded by generous timeouts only.
 */
public abstract class ChannelContractTest {
    private final List<Channel> created = new ArrayList<>();

    /**
     * Returns a new, empty, started channel holding at most {@code capacity} events and at most
     * {@code transactionCapacity} per transaction. A full channel should fail a put commit quickly
     * (configure its wait for room, e.g. keep-alive, to zero or near it).
     */
    protected abstract Channel createChannel(int capacity, int transactionCapacity) throws Exception;

    /** False for channels without a bound on events held (the "full" test is then skipped). */
    protected boolean enforcesCapacity() {
        return true;
    }

    /** Stops a channel made by {@link #createChannel}; override to clean up files or topics. */
    protected void destroyChannel(Channel channel) throws Exception {
        channel.stop();
    }

    /**
     * False for channels that cannot tell when events arrive and keep {@link Channel#addPutListener}'s
     * no-op default (the listener test is then skipped).
     */
    protected boolean notifiesPutListeners() {
        return true;
    }

    /** False for channels that do not bound the events per transaction (those tests are then skipped). */
    protected boolean enforcesTransactionCapacity() {
        return true;
    }

    /**
     * How long a committed event may take to become visible to a take (zero for in-memory channels; a
     * broker-backed channel may need a poll or two). Takes expecting events retry for this long, and
     * "nothing more" is concluded only after this long without an event.
     */
    protected Duration visibilityWait() {
        return Duration.ZERO;
    }

    /** How long concurrent tests may take at most, in seconds. */
    protected long concurrencyTimeoutSeconds() {
        return 120;
    }

    private Channel channel(int capacity, int transactionCapacity) throws Exception {
        Channel c = createChannel(capacity, transactionCapacity);
        created.add(c);
        return c;
    }

    @AfterEach
    void destroyChannels() throws Exception {
        for (Channel c : created) {
            destroyChannel(c);
        }
        created.clear();
    }

    protected static Event event(String body) {
        return Event.ofString(body);
    }

    protected static List<Event> events(String prefix, int n) {
        List<Event> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(event(prefix + i));
        }
        return out;
    }

    protected static void putCommitted(Channel c, List<Event> batch) {
        try (Transaction tx = c.begin()) {
            tx.put(batch);
            tx.commit();
        }
    }

    /**
     * Takes everything available, in committed batches of at most {@code batch}, until no event shows
     * up for {@link #visibilityWait()}.
     */
    protected List<String> drain(Channel c, int batch) {
        List<String> out = new ArrayList<>();
        long quietSince = System.nanoTime();
        while (true) {
            List<Event> got = new ArrayList<>();
            try (Transaction tx = c.begin()) {
                tx.take(batch, got);
                tx.commit();
            }
            if (!got.isEmpty()) {
                got.forEach(e -> out.add(e.bodyAsString()));
                quietSince = System.nanoTime();
            } else if (System.nanoTime() - quietSince >= visibilityWait().toNanos()) {
                return out;
            } else {
                pause();
            }
        }
    }

    /** Takes up to {@code n} events in {@code tx}, retrying empty takes for up to {@link #visibilityWait()}. */
    protected List<Event> takeUpTo(Transaction tx, int n) {
        List<Event> got = new ArrayList<>();
        long deadline = System.nanoTime() + visibilityWait().toNanos();
        while (got.size() < n) {
            int before = got.size();
            tx.take(n - got.size(), got);
            if (got.size() == before) {
                if (System.nanoTime() - deadline >= 0) {
                    break;
                }
                pause();
            }
        }
        return got;
    }

    /** One event, retrying for up to {@link #visibilityWait()}; null if none came. */
    protected Event takeOne(Transaction tx) {
        long deadline = System.nanoTime() + visibilityWait().toNanos();
        while (true) {
            Event e = tx.take();
            if (e != null || System.nanoTime() - deadline >= 0) {
                return e;
            }
            pause();
        }
    }

    private static void pause() {
        try {
            Thread.sleep(5);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static List<String> bodies(String prefix, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(prefix + i);
        }
        return out;
    }

    @Test
    void putCommitThenTakeInOrder() throws Exception {
        Channel c = channel(100, 10);
        putCommitted(c, events("a", 10));
        putCommitted(c, events("b", 5));
        assertThat(drain(c, 4)).containsExactlyElementsOf(concat(bodies("a", 10), bodies("b", 5)));
    }

    @Test
    void singleEventTakeReturnsNullWhenEmpty() throws Exception {
        Channel c = channel(10, 10);
        try (Transaction tx = c.begin()) {
            assertThat(tx.take()).isNull();
            tx.commit();
        }
        try (Transaction tx = c.begin()) {
            tx.put(event("x"));
            tx.commit();
        }
        try (Transaction tx = c.begin()) {
            assertThat(takeOne(tx).bodyAsString()).isEqualTo("x");
            assertThat(tx.take()).isNull();
            tx.commit();
        }
    }

    @Test
    void rollbackOfPutDiscards() throws Exception {
        Channel c = channel(100, 10);
        try (Transaction tx = c.begin()) {
            tx.put(events("gone", 5));
            tx.rollback();
        }
        putCommitted(c, events("kept", 2));
        assertThat(drain(c, 10)).containsExactly("kept0", "kept1");
    }

    @Test
    void closeWithoutCommitRollsBackPuts() throws Exception {
        Channel c = channel(100, 10);
        try (Transaction tx = c.begin()) {
            tx.put(events("gone", 5));
        }
        assertThat(drain(c, 10)).isEmpty();
    }

    @Test
    void rollbackOfTakeReturnsEventsInOrder() throws Exception {
        Channel c = channel(100, 10);
        putCommitted(c, events("e", 10));
        try (Transaction tx = c.begin()) {
            assertThat(takeUpTo(tx, 6)).hasSize(6);
            tx.rollback();
        }
        assertThat(drain(c, 3)).containsExactlyElementsOf(bodies("e", 10));
    }

    @Test
    void closeWithoutCommitReturnsTakenEventsInOrder() throws Exception {
        Channel c = channel(100, 10);
        putCommitted(c, events("e", 8));
        try (Transaction tx = c.begin()) {
            assertThat(takeOne(tx).bodyAsString()).isEqualTo("e0");
            assertThat(takeUpTo(tx, 3)).extracting(Event::bodyAsString).containsExactly("e1", "e2", "e3");
        }
        putCommitted(c, events("later", 2));
        assertThat(drain(c, 10)).containsExactlyElementsOf(concat(bodies("e", 8), bodies("later", 2)));
    }

    @Test
    void overlappingTakesOnOneThreadCommitInOrderAndARollbackReturnsItsEvents() throws Exception {
        Channel c = channel(100, 10);
        Assumptions.assumeTrue(c.supportsOverlappingTakes(), "the channel allows one open take per thread");
        putCommitted(c, events("e", 9));
        Transaction first = c.begin();
        Transaction second = c.begin();
        Transaction third = c.begin();
        try {
            assertThat(takeUpTo(first, 3)).extracting(Event::bodyAsString).containsExactly("e0", "e1", "e2");
            assertThat(takeUpTo(second, 3)).extracting(Event::bodyAsString).containsExactly("e3", "e4", "e5");
            assertThat(takeUpTo(third, 3)).extracting(Event::bodyAsString).containsExactly("e6", "e7", "e8");
            first.commit();
            // a sink pipelining batches rolls back a failed one and every later one, newest first
            third.rollback();
            second.rollback();
        } finally {
            first.close();
            second.close();
            third.close();
        }
        assertThat(drain(c, 10)).containsExactly("e3", "e4", "e5", "e6", "e7", "e8");
    }

    @Test
    void committedTakesAreGone() throws Exception {
        Channel c = channel(100, 10);
        putCommitted(c, events("e", 4));
        try (Transaction tx = c.begin()) {
            assertThat(takeUpTo(tx, 2)).hasSize(2);
            tx.commit();
        }
        assertThat(drain(c, 10)).containsExactly("e2", "e3");
    }

    @Test
    void commitPastCapacityFailsAsFullAndShowsNothing() throws Exception {
        Assumptions.assumeTrue(enforcesCapacity(), "channel has no event bound");
        Channel c = channel(10, 10);
        putCommitted(c, events("in", 8));
        Transaction tx = c.begin();
        tx.put(events("over", 5));
        assertThatThrownBy(tx::commit).isInstanceOf(ChannelFullException.class);
        tx.close();
        assertThat(drain(c, 10)).containsExactlyElementsOf(bodies("in", 8));
        // Room is back once taken: the same batch now fits.
        putCommitted(c, events("over", 5));
        assertThat(drain(c, 10)).containsExactlyElementsOf(bodies("over", 5));
    }

    @Test
    void putOverTransactionCapacityFails() throws Exception {
        Assumptions.assumeTrue(enforcesTransactionCapacity(), "channel has no transaction bound");
        Channel c = channel(100, 5);
        Throwable t;
        try (Transaction tx = c.begin()) {
            t = catchThrowable(() -> {
                tx.put(events("x", 6));
                tx.commit();
            });
        }
        assertThat(t).isInstanceOf(ChannelException.class);
        assertThat(drain(c, 5)).isEmpty();
    }

    @Test
    void takeOverTransactionCapacityFailsOrStopsAtCapacity() throws Exception {
        Assumptions.assumeTrue(enforcesTransactionCapacity(), "channel has no transaction bound");
        Channel c = channel(100, 5);
        putCommitted(c, events("a", 5));
        putCommitted(c, events("b", 5));
        try (Transaction tx = c.begin()) {
            for (int i = 0; i < 5; i++) {
                assertThat(takeOne(tx)).isNotNull();
            }
            assertThatThrownBy(tx::take).isInstanceOf(ChannelException.class);
        }
        try (Transaction tx = c.begin()) {
            List<Event> got = new ArrayList<>();
            Throwable t = catchThrowable(() -> tx.take(8, got));
            if (t == null) {
                assertThat(got).hasSizeLessThanOrEqualTo(5);
            } else {
                assertThat(t).isInstanceOf(ChannelException.class);
            }
        }
        assertThat(drain(c, 5)).containsExactlyElementsOf(concat(bodies("a", 5), bodies("b", 5)));
    }

    @Test
    void mixingPutAndTakeInOneTransactionFails() throws Exception {
        Channel c = channel(100, 10);
        putCommitted(c, events("e", 2));
        try (Transaction tx = c.begin()) {
            tx.put(event("p"));
            assertThat(catchThrowable(tx::take)).isInstanceOfAny(IllegalStateException.class, ChannelException.class);
        }
        try (Transaction tx = c.begin()) {
            assertThat(takeOne(tx)).isNotNull();
            assertThat(catchThrowable(() -> tx.put(event("p"))))
                    .isInstanceOfAny(IllegalStateException.class, ChannelException.class);
        }
        assertThat(drain(c, 10)).containsExactly("e0", "e1");
    }

    @Test
    void closeAfterCommitIsHarmless() throws Exception {
        Channel c = channel(100, 10);
        Transaction tx = c.begin();
        tx.put(event("x"));
        tx.commit();
        tx.close();
        tx.close();
        Transaction empty = c.begin();
        empty.commit();
        empty.close();
        assertThat(drain(c, 10)).containsExactly("x");
    }

    @Test
    void sizeCountsCommittedEventsWhenKnown() throws Exception {
        Channel c = channel(100, 10);
        Assumptions.assumeTrue(c.size() >= 0, "channel does not report its size");
        try (Transaction tx = c.begin()) {
            tx.put(events("e", 3));
            assertThat(c.size()).isZero();
            tx.commit();
        }
        assertThat(c.size()).isEqualTo(3);
        assertThat(drain(c, 10)).hasSize(3);
        assertThat(c.size()).isZero();
    }

    @Test
    void headersAndBodiesSurvive() throws Exception {
        Channel c = channel(100, 10);
        byte[] binary = new byte[256];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) i;
        }
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("timestamp", "1700000000000");
        headers.put("key", "k-é-\u4e2d");
        headers.put("empty", "");
        List<Event> batch = List.of(Event.of(binary, headers), Event.of(new byte[0]),
                Event.of("plain".getBytes(StandardCharsets.UTF_8)));
        putCommitted(c, batch);
        List<Event> got;
        try (Transaction tx = c.begin()) {
            got = takeUpTo(tx, 3);
            tx.commit();
        }
        assertThat(got).hasSize(3);
        assertThat(got.get(0).body()).isEqualTo(binary);
        assertThat(got.get(0).headers()).isEqualTo(headers);
        assertThat(got.get(1).body()).isEmpty();
        assertThat(got.get(1).hasHeaders()).isFalse();
        assertThat(got.get(2).bodyAsString()).isEqualTo("plain");
    }

    @Test
    void concurrentPuttersAndTakersLoseAndDuplicateNothing() throws Exception {
        int putters = 4;
        int takers = 4;
        int perPutter = 5_000;
        int batch = 50;
        int total = putters * perPutter;
        Channel c = channel(1_000, batch);
        Set<String> seen = ConcurrentHashMap.newKeySet();
        AtomicInteger duplicates = new AtomicInteger();
        AtomicInteger taken = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(putters + takers);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int p = 0; p < putters; p++) {
                String prefix = "p" + p + "-";
                futures.add(pool.submit(() -> {
                    for (int i = 0; i < perPutter; i += batch) {
                        List<Event> b = new ArrayList<>(batch);
                        for (int j = i; j < i + batch; j++) {
                            b.add(event(prefix + j));
                        }
                        while (true) {
                            try {
                                putCommitted(c, b);
                                break;
                            } catch (ChannelFullException full) {
                                Thread.onSpinWait();
                            }
                        }
                    }
                    return null;
                }));
            }
            for (int t = 0; t < takers; t++) {
                int takerId = t;
                futures.add(pool.submit(() -> {
                    int round = 0;
                    while (taken.get() < total) {
                        List<Event> got = new ArrayList<>(batch);
                        try (Transaction tx = c.begin()) {
                            tx.take(batch, got);
                            if (!got.isEmpty() && (round++ + takerId) % 7 == 0) {
                                tx.rollback(); // exercise rollback under contention
                                continue;
                            }
                            tx.commit();
                        }
                        if (got.isEmpty()) {
                            Thread.yield();
                        }
                        for (Event e : got) {
                            if (!seen.add(e.bodyAsString())) {
                                duplicates.incrementAndGet();
                            }
                        }
                        taken.addAndGet(got.size());
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(concurrencyTimeoutSeconds(), TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(duplicates.get()).isZero();
        assertThat(seen).hasSize(total);
        assertThat(taken.get()).isEqualTo(total);
        assertThat(drain(c, batch)).isEmpty();
        Set<String> expected = new HashSet<>();
        for (int p = 0; p < putters; p++) {
            for (int i = 0; i < perPutter; i++) {
                expected.add("p" + p + "-" + i);
            }
        }
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    void putListenersRunAfterEachPutCommitUntilRemoved() throws Exception {
        Assumptions.assumeTrue(notifiesPutListeners(), "the channel cannot tell when events arrive");
        Channel c = channel(100, 10);
        AtomicLong seenSize = new AtomicLong(-2);
        AtomicInteger calls = new AtomicInteger();
        Runnable listener = () -> {
            calls.incrementAndGet();
            seenSize.set(c.size());   // the events are visible when it runs
        };
        c.addPutListener(listener);
        try (Transaction tx = c.begin()) {
            tx.put(Event.ofString("a"));
            tx.put(Event.ofString("b"));
            assertThat(calls).hasValue(0);
            tx.commit();
        }
        assertThat(calls).hasValue(1);
        assertThat(seenSize.get()).isIn(2L, -1L);   // -1: the channel cannot tell its size
        try (Transaction tx = c.begin()) {
            assertThat(tx.take()).isNotNull();
            tx.commit();   // takes do not call it
        }
        try (Transaction tx = c.begin()) {
            tx.put(Event.ofString("c"));
            tx.rollback();   // nor do rolled-back puts
        }
        assertThat(calls).hasValue(1);
        c.removePutListener(listener);
        try (Transaction tx = c.begin()) {
            tx.put(Event.ofString("d"));
            tx.commit();
        }
        assertThat(calls).hasValue(1);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }
}
