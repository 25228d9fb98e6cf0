package io.flafka.channel.file;

import io.flafka.api.Event;
import java.util.Arrays;

/**
 * The in-memory index of pending events: a ring of log pointers in take order, each with its cached
 * event (or null when the body must be read back from disk) and that event's encoded size. Not
 * thread-safe: guarded by the channel's queue lock.
 */
final class PendingQueue {
    private long[] pointers;
    private Event[] events;
    private int[] sizes;
    private int head;
    private int size;

    PendingQueue(int initialCapacity) {
        int n = Math.max(16, Integer.highestOneBit(Math.max(1, initialCapacity - 1)) << 1);
        pointers = new long[n];
        events = new Event[n];
        sizes = new int[n];
    }

    int size() {
        return size;
    }

    private void ensure(int needed) {
        if (needed <= pointers.length) {
            return;
        }
        int n = pointers.length;
        while (n < needed) {
            n <<= 1;
        }
        long[] p = new long[n];
        Event[] e = new Event[n];
        int[] s = new int[n];
        for (int i = 0; i < size; i++) {
            int j = (head + i) & (pointers.length - 1);
            p[i] = pointers[j];
            e[i] = events[j];
            s[i] = sizes[j];
        }
        pointers = p;
        events = e;
        sizes = s;
        head = 0;
    }

    void addLast(long pointer, Event event, int encodedSize) {
        ensure(size + 1);
        int j = (head + size) & (pointers.length - 1);
        pointers[j] = pointer;
        events[j] = event;
        sizes[j] = encodedSize;
        size++;
    }

    /** Puts entries back at the head, keeping their order (entry 0 ends up first). */
    void addFirst(long[] p, Event[] e, int[] s, int n) {
        ensure(size + n);
        int mask = pointers.length - 1;
        for (int i = n - 1; i >= 0; i--) {
            head = (head - 1) & mask;
            pointers[head] = p[i];
            events[head] = e[i];
            sizes[head] = s[i];
        }
        size += n;
    }

    /** Moves up to {@code max} entries from the head into the arrays at {@code off}; returns the count. */
    int pollFirst(int max, long[] p, Event[] e, int[] s, int off) {
        int n = Math.min(max, size);
        int mask = pointers.length - 1;
        for (int i = 0; i < n; i++) {
            int j = head;
            p[off + i] = pointers[j];
            e[off + i] = events[j];
            s[off + i] = sizes[j];
            events[j] = null;
            head = (head + 1) & mask;
        }
        size -= n;
        return n;
    }

    /** Copies every pointer, head first, into {@code out} from {@code off}. */
    void copyPointers(long[] out, int off) {
        int mask = pointers.length - 1;
        for (int i = 0; i < size; i++) {
            out[off + i] = pointers[(head + i) & mask];
        }
    }

    /** Drops every cached event (used when the channel stops). */
    void clear() {
        Arrays.fill(events, null);
        size = 0;
        head = 0;
    }
}
