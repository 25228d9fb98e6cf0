package io.flafka.channel.file;

import io.flafka.api.ChannelException;
import io.flafka.api.Event;
import io.flafka.core.channel.StagedTransaction;
import java.util.Arrays;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * One {@link FileChannel} transaction. A put transaction encodes each event into its log record as it is
 * put (on the putting thread) and appends the record at commit; a take transaction holds log pointers
 * (and cached events) and writes one record of pointers at commit. Rollback writes nothing. The state
 * machine and counting are {@link StagedTransaction}'s.
 *
 * <p>Used by one thread at a time (whichever source or sink thread began it). The take arrays are
 * written only under the channel's queue lock, so a concurrent checkpoint sees them consistently.
 */
final class FileTransaction extends StagedTransaction {
    private static final long[] NO_POINTERS = new long[0];
    private static final Event[] NO_EVENTS = new Event[0];
    private static final int[] NO_SIZES = new int[0];

    private final FileChannel channel;
    /** Staged puts, or taken events (null until read from disk). */
    Event[] events = NO_EVENTS;
    /** Taken pointers. */
    long[] pointers = NO_POINTERS;
    /** Encoded sizes of put events; cached sizes of taken events (0 when not cached). */
    int[] sizes = NO_SIZES;
    /** Offsets of put events within {@link #record}. */
    int[] offsets = NO_SIZES;
    /** The put record being encoded, borrowed from the channel's pool until the transaction completes. */
    RecordBuffer record;
    /** Taken entries already handed to the caller. */
    private int handed;
    private CRC32C crc;

    FileTransaction(FileChannel channel) {
        super("File channel '" + channel.name() + "'", channel.counter(), channel.transactionCapacity());
        this.channel = channel;
    }

    /** Events staged or taken. */
    int count() {
        return count;
    }

    /** Counts {@code n} more entries the channel put into the take arrays (under its queue lock). */
    void took(int n) {
        count += n;
    }

    @Override
    protected void stage(Event event) {
        if (record == null) {
            record = channel.borrowRecord();
            record.startPut();
        }
        try {
            record.addEvent(event, offsets, sizes, count);
        } catch (IllegalArgumentException e) {
            throw new ChannelException("File channel '" + channel.name() + "': a transaction of " + (count + 1)
                    + " events is too large for one log record (2 GB); lower the batch size", e);
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
    @Override
    protected void reserve(int needed) {
        if (needed <= events.length) {
            return;
        }
        int n = Math.max(needed, Math.min(limit, Math.max(16, events.length * 2)));
        events = Arrays.copyOf(events, n);
        sizes = Arrays.copyOf(sizes, n);
        if (state() == State.TAKE) {
            pointers = Arrays.copyOf(pointers, n);
        } else {
            offsets = Arrays.copyOf(offsets, n);
        }
    }

    @Override
    protected void commitPuts() {
        channel.commitPuts(this);
    }

    /** The put record is in the log: a {@link #commit(Runnable)} caller hears that its order is fixed. */
    void appended() {
        ordered();
    }

    @Override
    protected void commitTakes() {
        channel.commitTakes(this);
    }

    @Override
    protected void giveBack() {
        // Events read back from disk are not accounted in the cache: drop them again.
        for (int i = 0; i < count; i++) {
            if (sizes[i] == 0) {
                events[i] = null;
            }
        }
        channel.returnTakes(this);
    }

    @Override
    protected void release() {
        events = NO_EVENTS;
        pointers = NO_POINTERS;
        sizes = NO_SIZES;
        offsets = NO_SIZES;
        if (record != null) {
            channel.returnRecord(record);
            record = null;
        }
        count = 0;
        handed = 0;
    }
}
