package io.flafka.channel.file;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Keeps put commits visible in the order their records were appended. Two commits whose records one
 * fsync covered wake up together; without this the later one could publish first, and a source that
 * keeps two batches in flight would see them reordered.
 *
 * <p>Each appended put record gets a ticket ({@link #issue()}, called under the log writer's append
 * lock, so tickets follow the log); its commit then {@linkplain #inTurn runs its publication in turn},
 * exactly once, whether the commit succeeded or not.
 */
final class PublishOrder {
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition turn = lock.newCondition();
    private long issued;
    private long current;

    /** The next ticket; called under the append lock of the writer that appended the record. */
    long issue() {
        lock.lock();
        try {
            return issued++;
        } finally {
            lock.unlock();
        }
    }

    /** Waits until every earlier ticket has had its turn, runs {@code action} (may be null), then passes the turn on. */
    void inTurn(long ticket, Runnable action) {
        lock.lock();
        try {
            while (current != ticket) {
                turn.awaitUninterruptibly();
            }
        } finally {
            lock.unlock();
        }
        try {
            if (action != null) {
                action.run();
            }
        } finally {
            lock.lock();
            try {
                current++;
                turn.signalAll();
            } finally {
                lock.unlock();
            }
        }
    }
}
