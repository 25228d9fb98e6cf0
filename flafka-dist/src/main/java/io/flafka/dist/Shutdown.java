package io.flafka.dist;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Stops a running agent exactly once, whoever asks first: SIGTERM/Ctrl-C (a JVM shutdown hook) or the
 * command itself (a {@code --duration} elapsed). After a signal the JVM would exit with 128+signal; the
 * hook instead halts with {@link #exitCode()} (0 unless set) once the agent has drained, so a graceful
 * stop reads as success.
 */
final class Shutdown {
    private final Runnable stopAction;
    private final AtomicBoolean started = new AtomicBoolean();
    private final CountDownLatch done = new CountDownLatch(1);
    private final CountDownLatch requested = new CountDownLatch(1);
    private volatile int exitCode;
    private Thread hook;

    Shutdown(Runnable stopAction) {
        this.stopAction = stopAction;
    }

    /** Registers the JVM shutdown hook. */
    Shutdown install() {
        hook = new Thread(() -> {
            requested.countDown();
            stopNow();
            System.out.flush();
            System.err.flush();
            Logging.shutdown();
            Runtime.getRuntime().halt(exitCode);
        }, "flafka-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        return this;
    }

    /** Removes the hook again (the command stopped by itself); harmless while the JVM is already exiting. */
    void uninstall() {
        if (hook != null) {
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException e) {
                // shutdown in progress: the hook runs anyway
            }
        }
    }

    /** Waits until a signal arrives or {@code seconds} pass ({@code <= 0}: no limit). */
    void await(long seconds) throws InterruptedException {
        if (seconds <= 0) {
            requested.await();
        } else {
            requested.await(seconds, TimeUnit.SECONDS);
        }
    }

    /** Asks {@link #await(long)} to return. */
    void request() {
        requested.countDown();
    }

    /** Runs the stop action once; later callers wait until it has finished. */
    void stopNow() {
        if (started.compareAndSet(false, true)) {
            try {
                stopAction.run();
            } finally {
                done.countDown();
            }
        } else {
            try {
                done.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    int exitCode() {
        return exitCode;
    }

    void exitCode(int code) {
        this.exitCode = code;
    }
}
