package io.flafka.core.channel;

import io.flafka.api.Event;
import java.util.Arrays;

/**
 * A growable circular buffer of events with their accounted sizes, the storage behind
 * {@link MemoryChannel}. Batch operations copy whole ranges with {@link System#arraycopy}, so moving a
 * batch costs two array copies rather than one call per event.
 *
 * <p>Not thread-safe: every method is called with the owning channel's lock held. The buffer starts
 * small and doubles up to {@code maxCapacity}, so a channel configured for millions of events takes
 * memory only for what it holds.
 */
final class EventRing {
    private static final int INITIAL = 1024;

    private final int maxCapacity;
    private final boolean trackSizes;
    private Event[] events;
    private long[] sizes;
    private int head;
    private int size;

    EventRing(int maxCapacity, boolean trackSizes) {
        this.maxCapacity = maxCapacity;
        this.trackSizes = trackSizes;
        int initial = Math.min(maxCapacity, INITIAL);
        this.events = new Event[initial];
        this.sizes = trackSizes ? new long[initial] : null;
    }

    int size() {
        return size;
    }

    /** Makes the backing arrays hold at least {@code needed} slots (never more than the maximum). */
    void ensureSlots(int needed) {
        if (needed <= events.length) {
            return;
        }
        int n = events.length;
        while (n < needed) {
            n = (int) Math.min((long) n * 2, maxCapacity);
        }
        Event[] ne = new Event[n];
        long[] ns = trackSizes ? new long[n] : null;
        int first = Math.min(size, events.length - head);
        System.arraycopy(events, head, ne, 0, first);
        System.arraycopy(events, 0, ne, first, size - first);
        if (trackSizes) {
            System.arraycopy(sizes, head, ns, 0, first);
            System.arraycopy(sizes, 0, ns, first, size - first);
        }
        events = ne;
        sizes = ns;
        head = 0;
    }

    /** Appends {@code n} events at the tail; the caller has made room with {@link #ensureSlots}. */
    void addLast(Event[] src, long[] srcSizes, int n) {
        int len = events.length;
        int tail = head + size;
        if (tail >= len) {
            tail -= len;
        }
        int first = Math.min(n, len - tail);
        System.arraycopy(src, 0, events, tail, first);
        System.arraycopy(src, first, events, 0, n - first);
        if (trackSizes) {
            System.arraycopy(srcSizes, 0, sizes, tail, first);
            System.arraycopy(srcSizes, first, sizes, 0, n - first);
        }
        size += n;
    }

    /**
     * Puts {@code n} events back at the head, in order (a rolled-back take). Room is guaranteed because
     * the channel keeps slots reserved for events taken but not yet committed.
     */
    void addFirst(Event[] src, long[] srcSizes, int n) {
        int len = events.length;
        int start = head - n;
        if (start < 0) {
            start += len;
        }
        int first = Math.min(n, len - start);
        System.arraycopy(src, 0, events, start, first);
        System.arraycopy(src, first, events, 0, n - first);
        if (trackSizes) {
            System.arraycopy(srcSizes, 0, sizes, start, first);
            System.arraycopy(srcSizes, first, sizes, 0, n - first);
        }
        head = start;
        size += n;
    }

    /**
     * Removes up to {@code max} events from the head into {@code dst} (and their sizes into
     * {@code dstSizes}) starting at {@code offset}; returns how many were moved.
     */
    int pollFirst(int max, Event[] dst, long[] dstSizes, int offset) {
        int n = Math.min(max, size);
        if (n == 0) {
            return 0;
        }
        int len = events.length;
        int first = Math.min(n, len - head);
        System.arraycopy(events, head, dst, offset, first);
        System.arraycopy(events, 0, dst, offset + first, n - first);
        if (trackSizes) {
            System.arraycopy(sizes, head, dstSizes, offset, first);
            System.arraycopy(sizes, 0, dstSizes, offset + first, n - first);
        }
        // Drop references so taken events can be collected once their sink is done with them.
        Arrays.fill(events, head, head + first, null);
        if (n > first) {
            Arrays.fill(events, 0, n - first, null);
        }
        head += n;
        if (head >= len) {
            head -= len;
        }
        size -= n;
        return n;
    }

    /** Sum of the sizes of {@code n} entries of {@code srcSizes} from {@code offset}. */
    static long sum(long[] srcSizes, int offset, int n) {
        long total = 0;
        for (int i = offset, end = offset + n; i < end; i++) {
            total += srcSizes[i];
        }
        return total;
    }
}
