package io.flafka.hdfs;

import java.util.ArrayDeque;

/**
 * The byte arrays of a sink's {@link WriteBuffer}s: a file holds one only between its first write of a
 * batch and the batch's flush, so thousands of open files cost no memory while idle and a steady
 * stream reuses the same few arrays (no allocation per batch). Keeps at most {@code maxRetainedBytes};
 * arrays beyond that are left to the garbage collector.
 *
 * <p>Thread-safe: arrays are taken on the runner thread and given back by the HDFS call threads that
 * flush and close files.
 */
final class BufferPool {
    private final int initialSize;
    private final int maxSize;
    private final long maxRetainedBytes;
    private final ArrayDeque<byte[]> free = new ArrayDeque<>();
    private long retainedBytes;

    /**
     * @param initialSize the size of a new array
     * @param maxSize the size a buffer grows to at most before it writes its bytes out
     * @param maxRetainedBytes how many bytes of free arrays are kept for reuse
     */
    BufferPool(int initialSize, int maxSize, long maxRetainedBytes) {
        if (initialSize <= 0 || maxSize < initialSize) {
            throw new IllegalArgumentException("sizes " + initialSize + ", " + maxSize);
        }
        this.initialSize = initialSize;
        this.maxSize = maxSize;
        this.maxRetainedBytes = maxRetainedBytes;
    }

    /** A free array (those grown to the maximum size first), or a new one of the initial size. */
    synchronized byte[] acquire() {
        byte[] b = free.pollFirst();
        if (b == null) {
            return new byte[initialSize];
        }
        retainedBytes -= b.length;
        return b;
    }

    /** Gives an array back; its content is garbage from now on. */
    synchronized void release(byte[] b) {
        if (retainedBytes + b.length > maxRetainedBytes) {
            return;
        }
        retainedBytes += b.length;
        // grown arrays first: a busy file gets an array that holds its whole batch again
        if (b.length >= maxSize) {
            free.addFirst(b);
        } else {
            free.addLast(b);
        }
    }

    int maxSize() {
        return maxSize;
    }

    /** Bytes held by free arrays (for tests). */
    synchronized long retainedBytes() {
        return retainedBytes;
    }
}
