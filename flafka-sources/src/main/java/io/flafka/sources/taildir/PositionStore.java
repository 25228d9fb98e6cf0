package io.flafka.sources.taildir;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * round. Writes go to a temporary file that is then renamed over the old one, so a crash leaves either
 * the previous or the new content, never a torn file. Used only by the source's runner thread.
 */
final class PositionStore {
    private static final Logger LOG = LoggerFactory.getLogger(PositionStore.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    /** One saved position. */
    record Entry(long inode, long pos, String file) {
    }

    private final Path path;

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

    /** Replaces the file's content with these positions, atomically. */
    void save(Collection<Entry> entries) throws IOException {
        List<Map<String, Object>> rows = new ArrayList<>(entries.size());
        for (Entry e : entries) {
            Map<String, Object> row = new java.util.LinkedHashMap<>();
            row.put("inode", e.inode());
            row.put("pos", e.pos());
            row.put("file", e.file());
            rows.add(row);
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(rows));
        try {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
