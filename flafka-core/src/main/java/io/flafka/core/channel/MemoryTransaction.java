package io.flafka.core.channel;

import io.flafka.api.ChannelException;
import io.flafka.api.Event;
import io.flafka.api.Transaction;
import io.flafka.api.metrics.ChannelCounter;
import java.util.Arrays;
import java.util.List;

/**
 * One {@link MemoryChannel} transaction. Puts are staged in arrays owned by the transaction (no lock);
 * takes are copied out of the channel a batch at a time. Attempt counters are added once, when the
 * transaction completes, instead of once per event.
 *
 * <p>Used by one thread at a time (whichever source or sink thread began it); not bound to a thread.
 */
final class MemoryTransaction implements Transaction {
    private enum State { NEW, PUT, TAKE, DONE }

    private static final Event[] NO_EVENTS = new Event[0];
    private static final long[] NO_SIZES = new long[0];

    private final MemoryChannel channel;
    private final int limit;
    private final boolean trackBytes;
    private State state = State.NEW;
    private Event[] events = NO_EVENTS;
    private long[] sizes = NO_SIZES;
    private int count;
    private long bytes;
    private long attempts;

    MemoryTransaction(MemoryChannel channel) {
        this.channel = channel;
        this.limit = channel.transactionCapacity();
        this.trackBytes = channel.tracksBytes();
    }

    @Override
    public void put(Event event) {
        enter(State.PUT);
        attempts++;
        if (count >= limit) {
            throw overLimit("put", 1);
        }
        ensure(count + 1);
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
        ensure(count + n);
        for (int i = 0; i < n; i++) {
            stage(batch.get(i));
        }
    }

    private void stage(Event event) {
        if (event == null) {
            throw new ChannelException("Memory channel '" + channel.name() + "': cannot put a null event");
        }
        events[count] = event;
        if (trackBytes) {
            long s = event.sizeInBytes();
            sizes[count] = s;
            bytes += s;
        }
        count++;
    }

    @Override
    public Event take() {
        enter(State.TAKE);
        attempts++;
        if (count >= limit) {
            throw overLimit("take", 1);
        }
        ensure(count + 1);
        int n = channel.takeInto(1, events, sizes, count);
        if (n == 0) {
            return null;
        }
        Event e = events[count];
        tookInto(1);
        return e;
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
        // Size the arrays for what is there now; a stale hint only makes this batch smaller.
        int hint = Math.min(want, channel.visibleHint());
        if (hint == 0) {
            attempts++;
            return 0;
        }
        ensure(count + hint);
        int n = channel.takeInto(hint, events, sizes, count);
        // Flume counts one attempt per take() call, the last of which found nothing.
        attempts += n < max ? n + 1 : n;
        for (int i = count, end = count + n; i < end; i++) {
            into.add(events[i]);
        }
        tookInto(n);
        return n;
    }

    private void tookInto(int n) {
        if (trackBytes) {
            bytes += EventRing.sum(sizes, count, n);
        }
        count += n;
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
                channel.commitPuts(events, sizes, count, bytes);
                counter.add(ChannelCounter.PUT_SUCCESS, count);
            } else if (s == State.TAKE && count > 0) {
                channel.commitTakes(count, bytes);
                counter.add(ChannelCounter.TAKE_SUCCESS, count);
            }
        } catch (RuntimeException e) {
            // A failed commit is rolled back, as the contract requires.
            finish();
            if (s == State.TAKE) {
                channel.returnTakes(events, sizes, count);
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
        if (s == State.TAKE && count > 0) {
            channel.returnTakes(events, sizes, count);
        }
        release();
    }

    /** Marks the transaction done and reports its attempts. */
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
        sizes = NO_SIZES;
        count = 0;
        bytes = 0;
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

    private void ensure(int needed) {
        if (needed <= events.length) {
            return;
        }
        int n = Math.max(needed, Math.min(limit, Math.max(16, events.length * 2)));
        events = Arrays.copyOf(events, n);
        if (trackBytes) {
            sizes = Arrays.copyOf(sizes, n);
        }
    }

    private ChannelException overLimit(String op, int n) {
        return new ChannelException("Memory channel '" + channel.name() + "': cannot " + op + " " + n
                + " more event(s) in a transaction already holding " + count + "; transactionCapacity is " + limit
                + ". Commit more often, lower the batch size, or raise transactionCapacity");
    }
}
