package io.flafka.sources.taildir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * The tailing state of one file, identified by its inode: where it was last seen, the committed
 * position (always just after a newline, or 0), and an open handle. Reading goes through the handle,
 * so a file renamed away (logrotate {@code create}) is still read to its end under its old identity.
 *
 * <p>Two fingerprints detect a file whose content was replaced under the same inode: the first bytes
 * of the file ({@link #head}) and the bytes just before the committed position ({@link #tail}). They
 * also find the copy logrotate {@code copytruncate} made, whose unread end is then read before the
 * truncated original. Used only by the source's runner thread, except {@link #close()}.
 */
final class TailFile {
    static final int HEAD_BYTES = 256;
    static final int TAIL_BYTES = 64;
    private static final int INITIAL_BUFFER = 64 * 1024;

    /** Receives one complete line (without its line terminator) and the offset it starts at. */
    interface LineConsumer {
        void line(byte[] body, long offset);
    }

    private final long inode;
    private final FileGroup group;
    private volatile Path path;
    private volatile long pos;
    private FileChannel channel;
    private long lastActivityMillis;
    private long lastSeenSize = -1;
    private byte[] head = new byte[0];
    private byte[] tail = new byte[0];
    private ByteBuffer buffer = ByteBuffer.allocate(INITIAL_BUFFER);
    /** True for a copytruncate copy read only to recover its unread end. */
    private final boolean rotatedCopy;

    TailFile(long inode, Path path, FileGroup group, long pos, boolean rotatedCopy) {
        this.inode = inode;
        this.path = path;
        this.group = group;
        this.pos = pos;
        this.rotatedCopy = rotatedCopy;
        this.lastActivityMillis = System.currentTimeMillis();
    }

    long inode() {
        return inode;
    }

    Path path() {
        return path;
    }

    void path(Path newPath) {
        this.path = newPath;
    }

    FileGroup group() {
        return group;
    }

    long pos() {
        return pos;
    }

    boolean rotatedCopy() {
        return rotatedCopy;
    }

    boolean isOpen() {
        return channel != null && channel.isOpen();
    }

    long lastActivityMillis() {
        return lastActivityMillis;
    }

    /** Opens the handle (if closed) and captures the fingerprints of the committed content. */
    void open() throws IOException {
        if (!isOpen()) {
            channel = FileChannel.open(path, StandardOpenOption.READ);
            lastActivityMillis = System.currentTimeMillis();
            lastSeenSize = -1;
            refreshFingerprints();
        }
    }

    void close() {
        FileChannel c = channel;
        channel = null;
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing a read handle cannot lose data
            }
        }
    }

    long size() throws IOException {
        return channel.size();
    }

    /**
     * True when the content under the committed position is no longer what was read: the file shrank
     * below it, or its first bytes or the bytes before the position changed.
     */
    boolean replaced() throws IOException {
        long size = channel.size();
        if (size < pos) {
            return true;
        }
        if (size == lastSeenSize || pos == 0) {
            lastSeenSize = size;
            return false;
        }
        lastSeenSize = size;
        return !Arrays.equals(head, readAt(0, head.length)) || !Arrays.equals(tail, readAt(pos - tail.length,
                tail.length));
    }

    /** The first bytes of the committed content, as read before a replacement was noticed. */
    byte[] head() {
        return head;
    }

    /** The bytes just before the committed position, as read before a replacement was noticed. */
    byte[] tail() {
        return tail;
    }

    /** Starts over at offset 0 (the content was replaced). */
    void resetToStart() throws IOException {
        pos = 0;
        head = new byte[0];
        tail = new byte[0];
        lastSeenSize = -1;
    }

    /** Moves the committed position to the end of a delivered batch. */
    void commit(long newPos) throws IOException {
        if (newPos != pos) {
            pos = newPos;
            lastActivityMillis = System.currentTimeMillis();
            refreshFingerprints();
        }
    }

    /** Sets the committed position without reading (skipToEnd, saved positions). */
    void seek(long newPos) throws IOException {
        pos = newPos;
        if (isOpen()) {
            refreshFingerprints();
        }
    }

    /** Records that the file grew or was read, for the idle timeout. */
    void touched() {
        lastActivityMillis = System.currentTimeMillis();
    }

    private void refreshFingerprints() throws IOException {
        if (head.length < HEAD_BYTES) {
            head = readAt(0, (int) Math.min(HEAD_BYTES, pos));
        }
        int n = (int) Math.min(TAIL_BYTES, pos);
        tail = readAt(pos - n, n);
    }

    private byte[] readAt(long offset, int len) throws IOException {
        byte[] out = new byte[len];
        ByteBuffer b = ByteBuffer.wrap(out);
        while (b.hasRemaining()) {
            int r = channel.read(b, offset + b.position());
            if (r < 0) {
                return Arrays.copyOf(out, b.position());
            }
        }
        return out;
    }

    /**
     * Reads up to {@code max} complete lines after the committed position, without moving it.
     * Bytes after the last newline stay unread until their newline arrives: a line is never split.
     *
     * @return the offset just after the last line read (the position to commit once delivered)
     */
    long readLines(int max, LineConsumer out) throws IOException {
        long cursor = pos;
        int count = 0;
        while (count < max) {
            buffer.clear();
            int r = channel.read(buffer, cursor);
            if (r <= 0) {
                break;
            }
            byte[] a = buffer.array();
            int lineStart = 0;
            for (int i = 0; i < r && count < max; i++) {
                if (a[i] == '\n') {
                    int end = i > lineStart && a[i - 1] == '\r' ? i - 1 : i;
                    out.line(Arrays.copyOfRange(a, lineStart, end), cursor + lineStart);
                    lineStart = i + 1;
                    count++;
                }
            }
            if (lineStart == 0) {
                if (r == buffer.capacity()) {
                    // a line longer than the buffer: grow it and read the line again
                    buffer = ByteBuffer.allocate(buffer.capacity() * 2);
                    continue;
                }
                break;
            }
            cursor += lineStart;
            if (r < buffer.capacity()) {
                break;
            }
        }
        if (count > 0 && buffer.capacity() > INITIAL_BUFFER * 4) {
            buffer = ByteBuffer.allocate(INITIAL_BUFFER);
        }
        return cursor;
    }
}
