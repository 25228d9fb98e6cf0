package io.flafka.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.flafka.api.Status;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class RunnerTest {

    @Test
    void backoffDoublesUpToItsMaximumAndResets() {
        Backoff b = new Backoff(1, 100);
        long[] seen = new long[9];
        for (int i = 0; i < seen.length; i++) {
            seen[i] = b.next();
        }
        assertThat(seen).containsExactly(1, 2, 4, 8, 16, 32, 64, 100, 100);
        b.reset();
        assertThat(b.next()).isEqualTo(1);
    }

    @Test
    void exceptionsNeverEndTheThreadAndAreCounted() {
        AtomicInteger calls = new AtomicInteger();
        AtomicInteger failures = new AtomicInteger();
        Runner r = new Runner("test-runner", "test 'x'", () -> {
            if (calls.incrementAndGet() <= 2) {
                throw new IllegalStateException("boom " + calls.get());
            }
            return Status.READY;
        }, 1, 1, t -> failures.incrementAndGet());
        r.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> calls.get() > 100);
        assertThat(failures).hasValue(2);
        assertThat(r.thread().getName()).isEqualTo("test-runner");
        r.stopGracefully(() -> { });
        assertThat(r.thread().isAlive()).isFalse();
    }

    @Test
    void stopCutsLongSleepsShort() {
        AtomicInteger calls = new AtomicInteger();
        // Idle backoff of a minute: stop must not wait for it.
        Runner r = new Runner("test-idle", "test 'idle'", () -> {
            calls.incrementAndGet();
            return Status.BACKOFF;
        }, 60_000, 60_000, t -> { });
        r.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> calls.get() >= 1);
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> r.stopGracefully(() -> { }));
        assertThat(r.thread().isAlive()).isFalse();
        assertThat(calls).hasValue(1);
    }

    @Test
    void stopLetsTheInFlightCallFinish() throws Exception {
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger finished = new AtomicInteger();
        Runner r = new Runner("test-busy", "test 'busy'", () -> {
            inside.countDown();
            release.await();
            finished.incrementAndGet();
            return Status.READY;
        }, 1, 1, t -> { });
        r.start();
        inside.await();
        // The component's stop() is what unblocks it, as Source.stop()/Sink.stop() must.
        assertTimeoutPreemptively(Duration.ofSeconds(60), () -> r.stopGracefully(release::countDown));
        assertThat(finished).hasValue(1);
        assertThat(r.thread().isAlive()).isFalse();
    }

    @Test
    void wakeCutsAnIdleSleepShort() {
        AtomicInteger calls = new AtomicInteger();
        // Idle backoff of a minute: only a wake (new events in the channel) ends it early.
        Runner r = new Runner("test-wake", "test 'wake'", () -> {
            calls.incrementAndGet();
            return Status.BACKOFF;
        }, 60_000, 60_000, t -> { });
        r.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> calls.get() == 1
                && r.thread().getState() == Thread.State.TIMED_WAITING);
        r.wake();
        await().atMost(Duration.ofSeconds(30)).until(() -> calls.get() == 2);
        r.stopGracefully(() -> { });
        assertThat(calls).hasValue(2);
    }

    @Test
    void aWakeDuringTheCallEndsTheSleepThatFollowsIt() throws Exception {
        java.util.concurrent.CountDownLatch inside = new java.util.concurrent.CountDownLatch(1);
        java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
        AtomicInteger calls = new AtomicInteger();
        Runner r = new Runner("test-early-wake", "test 'early wake'", () -> {
            if (calls.incrementAndGet() == 1) {
                inside.countDown();
                release.await();
            }
            return Status.BACKOFF;
        }, 60_000, 60_000, t -> { });
        r.start();
        inside.await();
        r.wake();   // events arrived while the call that found none was still running: it must not sleep a minute
        release.countDown();
        await().atMost(Duration.ofSeconds(30)).until(() -> calls.get() == 2);
        r.stopGracefully(() -> { });
    }

    @Test
    void aWakeEndsANapButNotASleep() {
        StopSignal s = new StopSignal();
        s.wake();
        // a nap after a wake returns at once (a minute otherwise)
        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> assertThat(s.nap(60_000)).isTrue());
        // a plain sleep (the error backoff) is not cut by a wake: a failing sink is not retried at the put rate
        s.wake();
        long t0 = System.nanoTime();
        assertThat(s.sleep(200)).isTrue();
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(190_000_000L);
        // clearWake forgets a wake that came before the work that decides whether to nap
        s.clearWake();
        t0 = System.nanoTime();
        assertThat(s.nap(200)).isTrue();
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(190_000_000L);
    }
}
