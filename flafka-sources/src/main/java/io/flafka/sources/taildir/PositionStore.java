package io.flafka.sources.taildir;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads and writes the TAILDIR position file in Flume's shape, a JSON array of
 * {@code {"inode":N,"pos":N,"file":"path"}}, so an agent can take over Flume's file and the other way
 * round. Two ways to write, both leaving either the previous or the new content after a {@code kill -9}:
 * <ul>
 *   <li>{@link #save}: a temporary file renamed over the old one; also safe across a machine crash on
 *       ext4/xfs, but on ext4 the rename over an existing file starts the write-back of the new one
 *       (hundreds of microseconds on a virtual disk), so it is used for the periodic and the final writes;
 *   <li>{@link #saveInPlace}: one {@code pwrite} at offset 0 of the open file, padded with spaces up to
 *       the file's length (JSON allows trailing white space; Flume's reader ignores it). A write within
 *       one page is never torn by a signal, so this is used after each committed batch while the content
 *       fits in one page, and falls back to {@link #save} beyond.
 * </ul>
 * Called by the source's runner thread and by stop, always under the source's lock.
 */
final class PositionStore implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PositionStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Smallest page size of the platforms we run on: a write inside it is copied to the page cache at once. */
    static final int PAGE = 4096;

    /** One saved position. */
    record Entry(long inode, long pos, String file) {
    }

    private final Path path;
    /** The position file opened for {@link #saveInPlace}; null until then and after each {@link #save}. */
    private FileChannel inPlace;

    PositionStore(Path path) {
        this.path = path;
    }

    Path path() {
        return path;
    }

    /** The saved positions by inode; empty when there is no file or it cannot be parsed (logged). */
    Map<Long, Entry> load() {
        Map<Long, Entry> out = new HashMap<>();
        if (!Files.exists(path)) {
            return out;
        }
        try {
            List<Map<String, Object>> rows = JSON.readValue(path.toFile(), new TypeReference<>() { });
            for (Map<String, Object> row : rows) {
                Object inode = row.get("inode");
                Object pos = row.get("pos");
                Object file = row.get("file");
                if (inode instanceof Number i && pos instanceof Number p) {
                    out.put(i.longValue(), new Entry(i.longValue(), p.longValue(), file == null ? "" : file.toString()));
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Position file {} cannot be read ({}); tailing starts without saved positions", path,
                    e.toString());
        }
        return out;
    }

    /** Replaces the file's content with these positions, atomically, by writing a new file and renaming it. */
    void save(Collection<Entry> entries) throws IOException {
        byte[] json = encode(entries);
        closeInPlace(); // the rename gives the path a new inode
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.write(tmp, json);
        try {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Overwrites the file's content in place with one write of at most one page (see the class comment);
     * uses {@link #save} when there is no file yet or the content does not fit in a page.
     */
    void saveInPlace(Collection<Entry> entries) throws IOException {
        byte[] json = encode(entries);
        if (json.length > PAGE || inPlace == null && !Files.exists(path)) {
            save(entries);
            return;
        }
        if (inPlace == null) {
            inPlace = FileChannel.open(path, StandardOpenOption.WRITE);
        }
        long size = inPlace.size();
        if (size > PAGE) {
            save(entries);
            return;
        }
        // padded so that no byte of a longer previous content survives, and never truncated (one write only)
        ByteBuffer b = ByteBuffer.allocate((int) Math.max(size, json.length));
        b.put(json);
        while (b.hasRemaining()) {
            b.put((byte) ' ');
        }
        b.flip();
        int written = inPlace.write(b, 0);
        if (b.hasRemaining()) {
            // a regular file takes a one-page write whole; should it not, the rename keeps the file valid
            LOG.debug("Short in-place write to {} ({} bytes); rewriting it whole", path, written);
            save(entries);
        }
    }

    private static byte[] encode(Collection<Entry> entries) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            row.put("inode", e.inode());
            row.put("pos", e.pos());
            row.put("file", e.file());
            rows.add(row);
        }
        return JSON.writeValueAsBytes(rows);
    }

    private void closeInPlace() {
        FileChannel c = inPlace;
        inPlace = null;
        if (c != null) {
            try {
                c.close();
            } catch (IOException ignored) {
                // a write handle with nothing buffered: nothing to lose
            }
        }
    }

    /** Closes the handle kept for in-place writes. */
    @Override
    public void close() {
        closeInPlace();
    }
}
