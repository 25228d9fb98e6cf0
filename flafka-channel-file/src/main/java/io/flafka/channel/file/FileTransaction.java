package io.flafka.channel.file;

import io.flafka.api.ChannelException;
import io.flafka.api.Event;
import io.flafka.api.Transaction;
import io.flafka.api.metrics.ChannelCounter;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * One {@link FileChannel} transaction. A put transaction stages events in memory and writes them as one
 * log record at commit; a take transaction holds log pointers (and cached events) and writes one record
 * of pointers at commit. Rollback writes nothing. Attempt counters are added once per transaction.
 *
 * <p>Used by one thread at a time (whichever source or sink thread began it). The take arrays are
 * written only under the channel's queue lock, so a concurrent checkpoint sees them consistently.
 */
final class FileTransaction implements Transaction {
    private enum State { NEW, PUT, TAKE, DONE }

    private static final long[] NO_POINTERS = new long[0];
    private static final Event[] NO_EVENTS = new Event[0];
    private static final int[] NO_SIZES = new int[0];

    private final FileChannel channel;
    private final int limit;
    private State state = State.NEW;
    /** Staged puts, or taken events (null until read from disk). */
    Event[] events = NO_EVENTS;
    /** Taken pointers. */
    long[] pointers = NO_POINTERS;
    /** Cached sizes of taken events (0 when not cached). */
    int[] sizes = NO_SIZES;
    /** Events staged or taken. */
    int count;
    /** Taken entries already handed to the caller. */
    private int handed;
    private long attempts;
    private CRC32C crc;

    FileTransaction(FileChannel channel) {
        this.channel = channel;
        this.limit = channel.transactionCapacity();
    }

    @Override
    public void put(Event event) {
        enter(State.PUT);
        attempts++;
        if (count >= limit) {
            throw overLimit("put", 1);
        }
        ensureCapacity(count + 1);
        stage(event);
    }

    @Override
    public void put(List<Event> batch) {
        enter(State.PUT);
        int n = batch.size();
        attempts += n;
        if (count + n > limit) {
            throw overLimit("put", n);
        }
        ensureCapacity(count + n);
        for (int i = 0; i < n; i++) {
            stage(batch.get(i));
        }
    }

    private void stage(Event event) {
        if (event == null) {
            throw new ChannelException("File channel '" + channel.name() + "': cannot put a null event");
        }
        events[count++] = event;
    }

    @Override
    public Event take() {
        enter(State.TAKE);
        while (true) {
            attempts++;
            if (count >= limit) {
                throw overLimit("take", 1);
            }
            if (channel.takeInto(this, 1) == 0) {
                return null;
            }
            Event e = materialize(handed);
            handed++;
            if (e != null) {
                return e;
            }
        }
    }

    @Override
    public int take(int max, List<Event> into) {
        enter(State.TAKE);
        if (max <= 0) {
            return 0;
        }
        int room = limit - count;
        if (room <= 0) {
            attempts++;
            throw overLimit("take", max);
        }
        int want = Math.min(max, room);
        int hint = Math.min(want, channel.visibleHint());
        if (hint == 0) {
            attempts++;
            return 0;
        }
        int n = channel.takeInto(this, hint);
        attempts += n < max ? n + 1 : n;
        int added = 0;
        for (int end = handed + n; handed < end; handed++) {
            Event e = materialize(handed);
            if (e != null) {
                into.add(e);
                added++;
            }
        }
        return added;
    }

    /** The event of entry {@code i}, reading it from disk when it is not cached. */
    private Event materialize(int i) {
        Event e = events[i];
        if (e == null) {
            if (crc == null) {
                crc = new CRC32C();
            }
            e = channel.read(pointers[i], crc);
            events[i] = e;
        }
        return e;
    }

    /** Grows the arrays; for takes, called by the channel under its queue lock. */
    void ensureCapacity(int needed) {
        if (needed <= events.length) {
            return;
        }
        int n = Math.max(needed, Math.min(limit, Math.max(16, events.length * 2)));
        events = Arrays.copyOf(events, n);
        if (state == State.TAKE) {
            pointers = Arrays.copyOf(pointers, n);
            sizes = Arrays.copyOf(sizes, n);
        }
    }

    @Override
    public void commit() {
        State s = state;
        if (s == State.DONE) {
            throw new IllegalStateException("transaction already completed");
        }
        ChannelCounter counter = channel.counter();
        try {
            if (s == State.PUT && count > 0) {
                channel.commitPuts(events, count);
                counter.add(ChannelCounter.PUT_SUCCESS, count);
            } else if (s == State.TAKE && count > 0) {
                channel.commitTakes(this);
                counter.add(ChannelCounter.TAKE_SUCCESS, count);
            }
        } catch (RuntimeException e) {
            finish();
            if (s == State.TAKE) {
                giveBack();
            }
            release();
            throw e;
        }
        finish();
        release();
    }

    @Override
    public void rollback() {
        if (state == State.DONE) {
            throw new IllegalStateException("transaction already completed");
        }
        undo();
    }

    @Override
    public void close() {
        if (state != State.DONE) {
            undo();
        }
    }

    private void undo() {
        State s = state;
        finish();
        if (s == State.TAKE) {
            giveBack();
        }
        release();
    }

    private void giveBack() {
        if (count == 0) {
            return;
        }
        // Events read back from disk are not accounted in the cache: drop them again.
        for (int i = 0; i < count; i++) {
            if (sizes[i] == 0) {
                events[i] = null;
            }
        }
        channel.returnTakes(this);
    }

    private void finish() {
        State s = state;
        state = State.DONE;
        if (attempts > 0) {
            channel.counter().add(s == State.PUT ? ChannelCounter.PUT_ATTEMPT : ChannelCounter.TAKE_ATTEMPT, attempts);
            attempts = 0;
        }
    }

    private void release() {
        events = NO_EVENTS;
        pointers = NO_POINTERS;
        sizes = NO_SIZES;
        count = 0;
        handed = 0;
    }

    private void enter(State wanted) {
        State s = state;
        if (s == wanted) {
            return;
        }
        if (s == State.NEW) {
            state = wanted;
            return;
        }
        if (s == State.DONE) {
            throw new IllegalStateException("transaction already completed");
        }
        throw new IllegalStateException("a " + s.name().toLowerCase() + " transaction cannot "
                + wanted.name().toLowerCase() + "; use one transaction per direction");
    }

    private ChannelException overLimit(String op, int n) {
        return new ChannelException("File channel '" + channel.name() + "': cannot " + op + " " + n
                + " more event(s) in a transaction already holding " + count + "; transactionCapacity is " + limit
                + ". Commit more often, lower the batch size, or raise transactionCapacity");
    }
}
