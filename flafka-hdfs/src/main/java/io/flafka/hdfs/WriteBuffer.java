package io.flafka.hdfs;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.Objects;

/**
 * Collects a batch's bytes for one file and hands them to the file's stream in one {@code write}
 * (or one per {@link BufferPool#maxSize()} bytes), instead of the serializer's two or more small writes
 * per event, each of which goes through Hadoop's synchronized, statistics-counting stream. The array
 * comes from the sink's {@link BufferPool} at the first write and goes back at {@link #release()}
 * (once per batch, at the flush).
 *
 * <p>Not thread-safe: used by one thread at a time, like the writer that owns it. Never closes the
 * stream it writes to.
 */
final class WriteBuffer extends OutputStream {
    private final BufferPool pool;
    private final OutputStream out;
    // null while empty between batches: an idle open file holds no array
    private byte[] buf;
    private int count;

    WriteBuffer(BufferPool pool, OutputStream out) {
        this.pool = pool;
        this.out = out;
    }

    @Override
    public void write(int b) throws IOException {
        if (buf == null) {
            buf = pool.acquire();
        } else if (count == buf.length) {
            makeRoom(1);
        }
        buf[count++] = (byte) b;
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (buf == null) {
            buf = pool.acquire();
        }
        if (len > buf.length - count) {
            makeRoom(len);
            if (len > buf.length - count) {
                // larger than the largest buffer: straight to the stream, after what is buffered
                out.write(b, off, len);
                return;
            }
        }
        System.arraycopy(b, off, buf, count, len);
        count += len;
    }

    /**
     * Makes room for {@code len} more bytes: writes the buffered bytes out if they and the new ones
     * would exceed the pool's maximum size, then grows the array if that is enough. The caller writes
     * straight to the stream what still does not fit (a single write larger than the maximum).
     */
    private void makeRoom(int len) throws IOException {
        int max = pool.maxSize();
        if ((long) count + len > max) {
            drain();
        }
        if (len > buf.length - count && len <= max - count) {
            buf = Arrays.copyOf(buf, (int) Math.min(max, Math.max((long) count + len, 2L * buf.length)));
        }
    }

    /** Writes the buffered bytes to the stream (no flush). */
    void drain() throws IOException {
        int n = count;
        if (n > 0) {
            // reset first: after a failed write the file is abandoned, and closing it must not write the bytes twice
            count = 0;
            out.write(buf, 0, n);
        }
    }

    /** Writes the buffered bytes to the stream and gives the array back to the pool. */
    void release() throws IOException {
        drain();
        byte[] b = buf;
        if (b != null) {
            buf = null;
            pool.release(b);
        }
    }

    /** Bytes buffered and not yet written to the stream (for tests). */
    int buffered() {
        return count;
    }

    /** Writes the buffered bytes and flushes the stream; the array is kept (a serializer may flush mid-batch). */
    @Override
    public void flush() throws IOException {
        drain();
        out.flush();
    }

    /** Writes the buffered bytes and gives the array back; the stream stays open (the writer closes it). */
    @Override
    public void close() throws IOException {
        release();
    }
}
