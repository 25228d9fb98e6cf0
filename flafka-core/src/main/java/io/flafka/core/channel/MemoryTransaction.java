package io.flafka.core.channel;

import io.flafka.api.Event;
import java.util.Arrays;
import java.util.List;

/**
 * One {@link MemoryChannel} transaction. Puts are staged in arrays owned by the transaction (no lock);
 * takes are copied out of the channel a batch at a time. The state machine and counting are
 * {@link StagedTransaction}'s.
 *
 * <p>Used by one thread at a time (whichever source or sink thread began it); not bound to a thread.
 */
final class MemoryTransaction extends StagedTransaction {
    private static final Event[] NO_EVENTS = new Event[0];
    private static final long[] NO_SIZES = new long[0];

    private final MemoryChannel channel;
    private final boolean trackBytes;
    private Event[] events = NO_EVENTS;
    private long[] sizes = NO_SIZES;
    private long bytes;

    MemoryTransaction(MemoryChannel channel) {
        super("Memory channel '" + channel.name() + "'", channel.counter(), channel.transactionCapacity());
        this.channel = channel;
        this.trackBytes = channel.tracksBytes();
    }

    @Override
    protected void stage(Event event) {
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
        reserve(count + 1);
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
        reserve(count + hint);
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
    protected void commitPuts() {
        channel.commitPuts(events, sizes, count, bytes);
    }

    @Override
    protected void commitTakes() {
        channel.commitTakes(count, bytes);
    }

    @Override
    protected void giveBack() {
        channel.returnTakes(events, sizes, count);
    }

    @Override
    protected void release() {
        events = NO_EVENTS;
        sizes = NO_SIZES;
        count = 0;
        bytes = 0;
    }

    @Override
    protected void reserve(int needed) {
        if (needed <= events.length) {
            return;
        }
        int n = Math.max(needed, Math.min(limit, Math.max(16, events.length * 2)));
        events = Arrays.copyOf(events, n);
        if (trackBytes) {
            sizes = Arrays.copyOf(sizes, n);
        }
    }
}
