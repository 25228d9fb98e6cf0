package io.flafka.kafka.testing;

import io.flafka.api.PollableSource;
import io.flafka.api.Status;
import java.util.concurrent.atomic.AtomicInteger;

/** A minimal runner for a pollable source: one thread calling process(), sleeping briefly on BACKOFF. */
public final class SourceLoop implements AutoCloseable {
    private final PollableSource source;
    private final Thread thread;
    public final AtomicInteger errors = new AtomicInteger();
    private volatile boolean running = true;

    public SourceLoop(PollableSource source) {
        this.source = source;
        this.thread = new Thread(this::run, "test-source-runner");
        thread.setDaemon(true);
        thread.start();
    }

    private void run() {
        while (running) {
            try {
                if (source.process() == Status.BACKOFF) {
                    Thread.sleep(20);
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                errors.incrementAndGet();
                try {
                    Thread.sleep(50);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Stops the loop and the source, as the runtime does: flag, source.stop(), join. */
    @Override
    public void close() {
        running = false;
        source.stop();
        try {
            thread.join(30_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    public boolean isAlive() {
        return thread.isAlive();
    }
}
