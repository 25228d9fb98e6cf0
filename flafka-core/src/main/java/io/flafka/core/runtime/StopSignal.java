package io.flafka.core.runtime;

/**
 * A stop flag with sleeps that the flag cuts short. Runner threads sleep through this rather than
 * being interrupted, because an interrupt inside a component (file or socket channels, Kafka clients)
 * can close resources it still needs to finish a batch cleanly.
 */
final class StopSignal {
    private volatile boolean stopped;

    boolean stopped() {
        return stopped;
    }

    /** Sleeps up to {@code millis}; returns false (early) when stopped. */
    synchronized boolean sleep(long millis) {
        if (stopped) {
            return false;
        }
        long deadline = System.nanoTime() + millis * 1_000_000L;
        long left = millis;
        while (!stopped && left > 0) {
            try {
                wait(left);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
            left = (deadline - System.nanoTime()) / 1_000_000L;
        }
        return !stopped;
    }

    /** Sets the flag and wakes every sleeper. */
    synchronized void stop() {
        stopped = true;
        notifyAll();
    }
}
