package io.flafka.channel.file;

import io.flafka.api.Event;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.zip.CRC32C;

/**
 * One log segment file: read by any thread with positional reads, appended to only by its
 * {@link LogWriter}. Counts its pending events (committed puts not yet committed as taken) so the
 * checkpointer knows when it may be deleted.
 */
final class Segment {
    private static final int FIRST_READ = 512;

    final int id;
    final int dirIndex;
    final Path path;
    final FileChannel file;
    /** Events put into this segment and not yet take-committed. */
    final AtomicInteger pending = new AtomicInteger();

    private Segment(int id, int dirIndex, Path path, FileChannel file) {
        this.id = id;
        this.dirIndex = dirIndex;
        this.path = path;
        this.file = file;
    }

    /** Creates a new segment file and writes its header (not yet fsynced). */
    static Segment create(int id, int dirIndex, Path dir) throws IOException {
        Path p = dir.resolve(RecordFormat.segmentFileName(id));
        FileChannel ch = FileChannel.open(p, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        ByteBuffer h = RecordFormat.segmentHeader(id);
        while (h.hasRemaining()) {
            ch.write(h, h.position());
        }
        return new Segment(id, dirIndex, p, ch);
    }

    /** Opens an existing segment for reading. */
    static Segment open(int id, int dirIndex, Path path) throws IOException {
        return new Segment(id, dirIndex, path, FileChannel.open(path, StandardOpenOption.READ));
    }

    /** Reads and checks the event at {@code offset}. */
    Event readEvent(int offset, CRC32C crc) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(FIRST_READ);
        readFully(b, offset, true);
        int len = b.getInt(0);
        int expected = b.getInt(4);
        if (len < 8 || len > Integer.MAX_VALUE - 16) {
            throw new IOException("bad event length " + len);
        }
        int total = len + RecordFormat.EVENT_HEADER;
        if (total > b.capacity()) {
            ByteBuffer bigger = ByteBuffer.allocate(total);
            b.flip();
            bigger.put(b);
            readFully(bigger, offset + bigger.position(), false);
            b = bigger;
        }
        if (b.position() < total) {
            throw new IOException("event cut short: " + b.position() + " of " + total + " bytes");
        }
        int actual = RecordFormat.crc(crc, b.array(), RecordFormat.EVENT_HEADER, len);
        if (actual != expected) {
            throw new IOException("event checksum mismatch");
        }
        b.limit(total).position(RecordFormat.EVENT_HEADER);
        try {
            return RecordFormat.decodePayload(b);
        } catch (RuntimeException e) {
            throw new IOException("undecodable event: " + e.getMessage(), e);
        }
    }

    /** Reads until the buffer is full or EOF ({@code allowShort}). */
    private void readFully(ByteBuffer b, long pos, boolean allowShort) throws IOException {
        long p = pos;
        while (b.hasRemaining()) {
            int n = file.read(b, p);
            if (n < 0) {
                if (allowShort) {
                    return;
                }
                throw new IOException("unexpected end of " + path);
            }
            p += n;
        }
    }

    void close() {
        try {
            file.close();
        } catch (IOException ignored) {
            // closing a read handle: nothing to lose
        }
    }

    @Override
    public String toString() {
        return path.toString();
    }
}
