package io.flafka.channel.file;

import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every open segment of a channel, by id. Thread-safe. */
final class SegmentRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(SegmentRegistry.class);

    private final ConcurrentHashMap<Integer, Segment> segments = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Integer, Boolean> activeIds = new ConcurrentHashMap<>();

    void add(Segment s) {
        segments.put(s.id, s);
        activeIds.put(s.id, Boolean.TRUE);
    }

    /** Adds a segment recovered from disk (never written to again). */
    void addSealed(Segment s) {
        segments.put(s.id, s);
    }

    /** The segment is no longer written to. */
    void sealed(Segment s) {
        activeIds.remove(s.id);
    }

    Segment get(int id) {
        return segments.get(id);
    }

    boolean isActive(int id) {
        return activeIds.containsKey(id);
    }

    List<Segment> all() {
        return new ArrayList<>(segments.values());
    }

    /** Closes and deletes a segment file. */
    void delete(Segment s) {
        segments.remove(s.id);
        s.close();
        try {
            Files.deleteIfExists(s.path);
            LOG.debug("Deleted fully consumed log segment {}", s.path);
        } catch (IOException e) {
            LOG.warn("Could not delete consumed log segment {}: {}", s.path, e.toString());
        }
    }

    void closeAll() {
        for (Segment s : segments.values()) {
            s.close();
        }
        segments.clear();
        activeIds.clear();
    }
}
