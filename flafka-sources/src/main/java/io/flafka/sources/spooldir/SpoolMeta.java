package io.flafka.sources.spooldir;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The committed read position of the file being spooled, kept in {@code <trackerDir>/.flumespool-main.meta}
 * as JSON: the file, its identity (inode, size, mtime when opened) and the mark after the last committed
 * batch. Replaced atomically after every commit, deleted when the file is completed. Used only by the
 * source's runner thread (and stop, under the source's lock).
 */
final class SpoolMeta {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolMeta.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String FILE_NAME = ".flumespool-main.meta";

    /** What is saved. */
    record State(String file, long inode, long size, long mtime, long pos, long skip) {
    }

    private final Path path;

    SpoolMeta(Path trackerDir) {
        this.path = trackerDir.resolve(FILE_NAME);
    }

    State load() {
        if (!Files.exists(path)) {
            return null;
        }
        try {
            return JSON.readValue(path.toFile(), State.class);
        } catch (IOException e) {
            LOG.warn("Spooling position {} cannot be read ({}); the file in progress is read from its start",
                    path, e.toString());
            return null;
        }
    }

    void save(State s) throws IOException {
        Path tmp = path.resolveSibling(FILE_NAME + ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(s));
        try {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    void delete() throws IOException {
        Files.deleteIfExists(path);
    }
}
