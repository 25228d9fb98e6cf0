package io.flafka.kafka.sink;

import io.flafka.api.Transaction;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * One channel take transaction whose records were handed to the producer, and their acknowledgements.
 * It is the single {@link Callback} of all its records (no per-record allocation). The producer's I/O
 * thread completes it; the sink's runner thread (or, at stop, the lifecycle thread) awaits, commits or
 * rolls back its transaction.
 */
final class InFlightBatch implements Callback {
    final Transaction tx;
    final int size;
    private final CountDownLatch outstanding;
    private final AtomicInteger failed = new AtomicInteger();
    private volatile Exception firstError;

    InFlightBatch(Transaction tx, int size) {
        this.tx = tx;
        this.size = size;
        this.outstanding = new CountDownLatch(size);
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception error) {
        if (error != null) {
            fail(1, error);
        } else {
            outstanding.countDown();
        }
    }

    /** Records {@code records} that failed or will never be sent, because of {@code error}. */
    void fail(int records, Exception error) {
        if (firstError == null) {
            firstError = error;
        }
        failed.addAndGet(records);
        for (int i = 0; i < records; i++) {
            outstanding.countDown();
        }
    }

    boolean isDone() {
        return outstanding.getCount() == 0;
    }

    /** Waits until every record is acknowledged or failed; false when the time ran out first. */
    boolean await(long timeout, TimeUnit unit) throws InterruptedException {
        return outstanding.await(timeout, unit);
    }

    /** Records that failed; meaningful once {@link #isDone()}. */
    int failed() {
        return failed.get();
    }

    /** The first failure, or null. */
    Exception error() {
        return firstError;
    }
}
