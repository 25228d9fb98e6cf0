package io.flafka.hdfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class HdfsCallsTest {
    @Test
    void shutdownNowUnblocksAWaitingCaller() throws Exception {
        HdfsCalls calls = new HdfsCalls("t", 2, 120_000);
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<Throwable> caller = inBackground(() -> {
            calls.callAll("flush", List.of(hung(running), () -> null));
            return null;
        });
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        calls.shutdownNow();
        assertThat(caller.get(30, TimeUnit.SECONDS)).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> calls.call("open", () -> null)).hasMessageContaining("stopping");
    }

    @Test
    void failuresKeepTheirIoException() {
        HdfsCalls calls = new HdfsCalls("t", 1, 10_000);
        try {
            assertThatThrownBy(() -> calls.call("close", () -> {
                throw new IOException("datanode gone");
            })).isInstanceOf(IOException.class).hasMessage("datanode gone");
        } finally {
            calls.shutdownNow();
        }
    }

    @Test
    void aHungCallFailsAfterTheCallTimeoutOnTheCallersThreadAndLeavesNoInterruptBehind() throws Exception {
        HdfsCalls calls = new HdfsCalls("t", 2, 100);
        try {
            assertThat(calls.call("open", Thread::currentThread)).isSameAs(Thread.currentThread());
            assertThatThrownBy(() -> calls.call("hflush y", hung()))
                    .hasMessageContaining("hflush y timed out after 100 ms");
            assertThat(Thread.currentThread().isInterrupted()).isFalse();
            // the watchdog goes on watching later calls
            assertThat(calls.call("rename", () -> "done")).isEqualTo("done");
            assertThatThrownBy(() -> calls.call("close", hung())).hasMessageContaining("close timed out");
        } finally {
            calls.shutdownNow();
        }
    }

    @Test
    void shutdownNowUnblocksACallOnTheCallersThread() throws Exception {
        HdfsCalls calls = new HdfsCalls("t", 2, 120_000);
        CountDownLatch running = new CountDownLatch(1);
        CompletableFuture<Throwable> caller = inBackground(() -> calls.call("hflush z", hung(running)));
        assertThat(running.await(30, TimeUnit.SECONDS)).isTrue();
        calls.shutdownNow();
        assertThat(caller.get(30, TimeUnit.SECONDS)).isInstanceOf(IOException.class)
                .hasMessageContaining("hflush z cancelled: the sink is stopping");
    }

    /** Runs {@code call} on another thread; completes with the IOException it threw, or null. */
    private static CompletableFuture<Throwable> inBackground(HdfsCalls.IoCall<?> call) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                call.call();
                return null;
            } catch (IOException e) {
                return e;
            }
        });
    }

    /** A call that blocks until interrupted, as a hung datanode's flush does. */
    private static HdfsCalls.IoCall<Void> hung() {
        return hung(new CountDownLatch(1));
    }

    private static HdfsCalls.IoCall<Void> hung(CountDownLatch running) {
        return () -> {
            running.countDown();
            try {
                Thread.sleep(120_000);
            } catch (InterruptedException e) {
                throw new java.io.InterruptedIOException("interrupted");
            }
            return null;
        };
    }
}
