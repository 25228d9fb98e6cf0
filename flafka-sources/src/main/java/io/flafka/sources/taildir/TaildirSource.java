package io.flafka.sources.taildir;

import io.flafka.api.ChannelProcessor;
import io.flafka.api.Event;
import io.flafka.api.PollableSource;
import io.flafka.api.Status;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import io.flafka.api.metrics.SourceCounter;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tails groups of files line by line (Flume's {@code TAILDIR}). Files are identified by inode, not by
 * name: a file renamed by logrotate ({@code create}) keeps its position and is read to its end through
 * the handle already open, while the new file is read from its start; a file truncated in place
 * ({@code copytruncate}) is read again from its start, after the unread end of the copy logrotate made
 * (found in the same directory by its content). Only complete lines become events: bytes after the
 * last newline wait for their newline, so a line is never split in two events.
 *
 * <p>Delivery: the position of a file moves only after the processor returned, i.e. after the batch
 * was committed to the channels, and the position file only ever holds committed positions. It is
 * written to the page cache right after every committed batch (one in-place write of the small JSON;
 * no fsync, which a process crash does not need; see {@link PositionStore}), so a {@code kill -9}
 * repeats at most the one batch committed between the channel's commit and that write. Position
 * changes without a commit (a rename, a truncation, a file dropped) are written every
 * {@code writePosInterval} by a write-and-rename, and so is everything at stop. A machine crash can
 * repeat what the page cache had not written out yet (at-least-once); nothing is lost as long as the
 * channel kept its events.
 *
 * <p>Threading: {@link #process()} runs on the source's runner thread only. {@link #stop()} (lifecycle
 * thread) saves the committed positions and closes the file handles; a {@code process()} blocked in
 * the processor is unblocked by the runner's interrupt.
 */
public final class TaildirSource implements PollableSource {
    private static final Logger LOG = LoggerFactory.getLogger(TaildirSource.class);
    /** Most events per poll are bounded; so is the idle latency: backoff never sleeps longer than this. */
    static final long MAX_IDLE_LATENCY_MILLIS = 500;
    private static final long SCAN_INTERVAL_MILLIS = 100;

    public static final ConfigKey<List<String>> FILEGROUPS = ConfigKey.listKey("filegroups").required()
            .doc("Space-separated names of file groups; each needs filegroups.<name>.").build();
    public static final ConfigKey<String> POSITION_FILE = ConfigKey.stringKey("positionFile")
            .defaultValue("~/.flume/taildir_position.json")
            .doc("JSON file holding the committed position of each file (inode, pos, file), as Flume writes it.")
            .build();
    public static final ConfigKey<Boolean> BYTE_OFFSET_HEADER = ConfigKey.booleanKey("byteOffsetHeader")
            .defaultValue(false).doc("Add the header 'byteoffset' with the offset of the line in its file.").build();
    public static final ConfigKey<Boolean> FILE_HEADER = ConfigKey.booleanKey("fileHeader").defaultValue(false)
            .doc("Add the absolute path of the file as a header.").build();
    public static final ConfigKey<String> FILE_HEADER_KEY = ConfigKey.stringKey("fileHeaderKey").defaultValue("file")
            .validator(Validators.nonBlank()).doc("Name of the header set by fileHeader.").build();
    public static final ConfigKey<Boolean> SKIP_TO_END = ConfigKey.booleanKey("skipToEnd").defaultValue(false)
            .doc("At start, skip to the end of files that have no saved position.").build();
    public static final ConfigKey<Long> IDLE_TIMEOUT = ConfigKey.longKey("idleTimeout").defaultValue(120_000L)
            .validator(Validators.atLeast(1))
            .doc("Milliseconds without new lines after which a file's handle is closed (reopened when it grows).")
            .build();
    public static final ConfigKey<Long> WRITE_POS_INTERVAL = ConfigKey.longKey("writePosInterval")
            .defaultValue(3_000L).validator(Validators.atLeast(0))
            .doc("Least milliseconds between two periodic writes of the position file, which save position "
                    + "changes without a commit (renames, truncations, files dropped). Committed batches are "
                    + "saved right after their commit, whatever this interval.")
            .build();
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.intKey("batchSize").defaultValue(100)
            .validator(Validators.atLeast(1)).doc("Most lines per channel transaction.").build();
    public static final ConfigKey<Long> MAX_BATCH_COUNT = ConfigKey.longKey("maxBatchCount")
            .defaultValue(Long.MAX_VALUE).validator(Validators.atLeast(1))
            .doc("Most consecutive batches read from one file before moving on to the next (fairness).").build();
    public static final ConfigKey<Long> BACKOFF_SLEEP_INCREMENT = ConfigKey.longKey("backoffSleepIncrement")
            .defaultValue(1_000L).validator(Validators.atLeast(1))
            .doc("First sleep after a poll found nothing, in milliseconds; capped at "
                    + MAX_IDLE_LATENCY_MILLIS + " ms so new lines are picked up within a second.").build();
    public static final ConfigKey<Long> MAX_BACKOFF_SLEEP = ConfigKey.longKey("maxBackoffSleep")
            .defaultValue(5_000L).validator(Validators.atLeast(1))
            .doc("Longest sleep after consecutive empty polls, in milliseconds; capped at "
                    + MAX_IDLE_LATENCY_MILLIS + " ms.").build();
    public static final ConfigKey<Boolean> CACHE_PATTERN_MATCHING = ConfigKey.booleanKey("cachePatternMatching")
            .defaultValue(true).doc("List a group's directory again only when its modification time changed.")
            .build();
    public static final ConfigDef CONFIG_DEF = ConfigDef.builder()
            .keys(FILEGROUPS, POSITION_FILE, BYTE_OFFSET_HEADER, FILE_HEADER, FILE_HEADER_KEY, SKIP_TO_END,
                    IDLE_TIMEOUT, WRITE_POS_INTERVAL, BATCH_SIZE, MAX_BATCH_COUNT, BACKOFF_SLEEP_INCREMENT,
                    MAX_BACKOFF_SLEEP, CACHE_PATTERN_MATCHING)
            .prefix("filegroups.", "filegroups.<g> = absolute path whose file-name part is a regular expression.")
            .prefix("headers.", "headers.<g>.<key> = value: a header added to every event of group <g>.")
            .batchSizeKey(BATCH_SIZE.name()).build();

    /** The source's settings, as read from its keys. */
    public record Settings(List<FileGroupSpec> groups, Path positionFile, boolean byteOffsetHeader,
                           boolean fileHeader, String fileHeaderKey, boolean skipToEnd, long idleTimeoutMillis,
                           long writePosIntervalMillis, int batchSize, long maxBatchCount,
                           long backoffSleepIncrementMillis, long maxBackoffSleepMillis, boolean cachePatternMatching) {
    }

    /** One file group: name, absolute path with a file-name regex, and its headers. */
    public record FileGroupSpec(String name, Path path, Map<String, String> headers) {
    }

    private final String name;
    private final Settings settings;
    private final SourceCounter counter;
    private final Object lock = new Object();
    /** Tailed files by inode, in the order they were found. Guarded by {@link #lock} for stop's save. */
    private final Map<Long, TailFile> tails = new LinkedHashMap<>();
    private List<FileGroup> groups = List.of();
    private PositionStore store;
    private Map<Long, PositionStore.Entry> saved = Map.of();
    private volatile ChannelProcessor processor;
    private volatile boolean stopped = true;
    private boolean firstScan;
    private long lastScanMillis;
    private long lastSaveMillis;
    private boolean dirty;

    public TaildirSource(String name, Settings settings, SourceCounter counter) {
        this.name = name;
        this.settings = settings;
        this.counter = counter;
    }

    @Override
    public void start(ChannelProcessor channelProcessor) {
        synchronized (lock) {
            List<FileGroup> gs = new ArrayList<>();
            for (FileGroupSpec g : settings.groups()) {
                gs.add(new FileGroup(g.name(), g.path(), g.headers(), settings.cachePatternMatching()));
            }
            groups = gs;
            store = new PositionStore(settings.positionFile());
            saved = store.load();
            tails.clear();
            firstScan = true;
            lastScanMillis = 0;
            lastSaveMillis = System.currentTimeMillis();
            this.processor = channelProcessor;
            stopped = false;
        }
        counter.markStarted();
        LOG.info("TAILDIR source {} tails {} group(s); positions in {}", name, groups.size(),
                settings.positionFile());
    }

    @Override
    public void stop() {
        synchronized (lock) {
            if (stopped) {
                return;
            }
            stopped = true;
            savePositions(false);
            for (TailFile t : tails.values()) {
                t.close();
            }
            store.close();
        }
        counter.markStopped();
    }

    @Override
    public long backoffSleepIncrementMillis() {
        return Math.min(settings.backoffSleepIncrementMillis(), MAX_IDLE_LATENCY_MILLIS / 5);
    }

    @Override
    public long maxBackoffSleepMillis() {
        return Math.min(settings.maxBackoffSleepMillis(), MAX_IDLE_LATENCY_MILLIS);
    }

    @Override
    public Status process() throws Exception {
        ChannelProcessor p = processor;
        if (p == null || stopped) {
            return Status.BACKOFF;
        }
        long now = System.currentTimeMillis();
        if (firstScan || now - lastScanMillis >= SCAN_INTERVAL_MILLIS) {
            scan();
            lastScanMillis = now;
        }
        boolean delivered = false;
        for (TailFile t : List.copyOf(tails.values())) {
            if (stopped) {
                break;
            }
            if (t.isOpen()) {
                delivered |= drain(t, p);
            }
        }
        closeIdle(System.currentTimeMillis());
        maybeSavePositions();
        return delivered ? Status.READY : Status.BACKOFF;
    }

    /** Reads and delivers batches of one file; true when at least one batch was committed. */
    private boolean drain(TailFile t, ChannelProcessor p) throws IOException {
        if (t.replaced() && onReplaced(t)) {
            // the copy found is first in line: the next poll reads it before the original's new content
            return true;
        }
        boolean delivered = false;
        List<Event> batch = new ArrayList<>(Math.min(settings.batchSize(), 1024));
        for (long n = 0; n < settings.maxBatchCount() && !stopped; n++) {
            batch.clear();
            Map<String, String> headers = t.group().headers();
            String file = t.path().toAbsolutePath().toString();
            long end = t.readLines(settings.batchSize(), (body, offset) -> {
                Event e = Event.of(body, headers);
                if (settings.byteOffsetHeader()) {
                    e.header("byteoffset", Long.toString(offset));
                }
                if (settings.fileHeader()) {
                    e.header(settings.fileHeaderKey(), file);
                }
                batch.add(e);
            });
            if (batch.isEmpty()) {
                if (t.rotatedCopy()) {
                    finishCopy(t);
                }
                break;
            }
            int size = batch.size();
            counter.eventsReceived(size);
            p.processBatch(batch);
            synchronized (lock) {
                t.commit(end);
                // saved now (also after stop's save): a kill -9 from here on does not repeat the batch
                savePositions(!stopped);
            }
            delivered = true;
            if (size < settings.batchSize()) {
                break;
            }
        }
        return delivered;
    }

    /**
     * The file's content under the committed position changed: truncated in place (copytruncate) or
     * replaced. Starts over, after the unread end of logrotate's copy when one is found.
     *
     * @return true when a copy was found
     */
    private boolean onReplaced(TailFile t) throws IOException {
        long oldPos = t.pos();
        TailFile copy = findCopy(t);
        LOG.info("TAILDIR source {}: {} was truncated or replaced at position {}; reading it again from the start{}",
                name, t.path(), oldPos, copy == null ? "" : " after the unread end of its copy " + copy.path());
        synchronized (lock) {
            t.resetToStart();
            dirty = true;
            if (copy != null) {
                // put the copy first so its older lines go out before the new content of the original
                Map<Long, TailFile> reordered = new LinkedHashMap<>();
                reordered.put(copy.inode(), copy);
                reordered.putAll(tails);
                tails.clear();
                tails.putAll(reordered);
            }
        }
        return copy != null;
    }

    /** A copytruncate copy never grows: once its complete lines are delivered it is closed. */
    private void finishCopy(TailFile copy) throws IOException {
        long rest = copy.size() - copy.pos();
        if (rest > 0) {
            // the rest of that line was written to the truncated original, which is read on its own
            LOG.warn("TAILDIR source {}: the copy {} ends with {} bytes without a newline; they are not delivered",
                    name, copy.path(), rest);
            counter.increment(SourceCounter.EVENT_READ_FAIL);
        }
        copy.close();
    }

    /** A file of the same directory whose content starts like {@code t}'s and continues past its position. */
    private TailFile findCopy(TailFile t) {
        if (t.pos() == 0 || t.head().length == 0) {
            return null;
        }
        Path dir = t.path().toAbsolutePath().getParent();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path candidate : ds) {
                if (!Files.isRegularFile(candidate)) {
                    continue;
                }
                long inode = inodeOf(candidate);
                if (inode == t.inode() || tails.containsKey(inode) || Files.size(candidate) <= t.pos()) {
                    continue;
                }
                TailFile c = new TailFile(inode, candidate, t.group(), 0, true);
                c.open();
                byte[] head = t.head();
                byte[] tail = t.tail();
                c.seek(t.pos());
                if (java.util.Arrays.equals(head, c.head()) && java.util.Arrays.equals(tail, c.tail())) {
                    synchronized (lock) {
                        tails.put(inode, c);
                    }
                    return c;
                }
                c.close();
            }
        } catch (IOException e) {
            LOG.warn("TAILDIR source {}: cannot look for the copy of {}: {}", name, t.path(), e.toString());
        }
        return null;
    }

    /** Lists every group and starts tracking new files; notes renames. */
    private void scan() {
        Set<Long> listed = new HashSet<>();
        for (FileGroup g : groups) {
            List<Path> files;
            try {
                files = g.matchingFiles();
            } catch (IOException e) {
                LOG.warn("TAILDIR source {}: cannot list {}: {}", name, g.directory(), e.toString());
                continue;
            }
            for (Path f : files) {
                try {
                    track(g, f, listed);
                } catch (NoSuchFileException e) {
                    // deleted between listing and opening: nothing to read
                } catch (IOException e) {
                    LOG.warn("TAILDIR source {}: cannot open {}: {}", name, f, e.toString());
                }
            }
        }
        synchronized (lock) {
            for (Iterator<TailFile> it = tails.values().iterator(); it.hasNext(); ) {
                TailFile t = it.next();
                if (!listed.contains(t.inode()) && !t.isOpen()) {
                    it.remove();
                    dirty = true;
                }
            }
        }
        if (firstScan) {
            resumeRotated(listed);
            firstScan = false;
            saved = Map.of();
            dirty = true;
        }
    }

    /**
     * Saved files no longer matching their group's pattern (renamed by rotation while the agent was
     * down) are found again by inode in the group directories, and read from their saved position to
     * their end, so the lines written before the rotation are not lost.
     */
    private void resumeRotated(Set<Long> listed) {
        Map<Long, PositionStore.Entry> missing = new HashMap<>();
        for (PositionStore.Entry e : saved.values()) {
            if (!listed.contains(e.inode())) {
                missing.put(e.inode(), e);
            }
        }
        if (missing.isEmpty()) {
            return;
        }
        for (FileGroup g : groups) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(g.directory())) {
                for (Path f : ds) {
                    if (!Files.isRegularFile(f)) {
                        continue;
                    }
                    long inode = inodeOf(f);
                    PositionStore.Entry e = missing.remove(inode);
                    if (e == null || tails.containsKey(inode) || Files.size(f) <= e.pos()) {
                        continue;
                    }
                    TailFile t = new TailFile(inode, f, g, 0, false);
                    t.open();
                    t.seek(e.pos());
                    synchronized (lock) {
                        tails.put(inode, t);
                    }
                    LOG.info("TAILDIR source {}: {} (inode {}, was {}) was rotated while stopped; reading its rest "
                            + "from position {}", name, f, inode, e.file(), e.pos());
                }
            } catch (IOException ex) {
                LOG.warn("TAILDIR source {}: cannot look for rotated files in {}: {}", name, g.directory(),
                        ex.toString());
            }
        }
    }

    private void track(FileGroup g, Path f, Set<Long> listed) throws IOException {
        long inode = inodeOf(f);
        if (!listed.add(inode)) {
            return;
        }
        TailFile t = tails.get(inode);
        if (t != null) {
            if (!t.path().equals(f)) {
                LOG.info("TAILDIR source {}: {} is now {} (same inode {})", name, t.path(), f, inode);
                t.path(f);
                dirty = true;
            }
            if (!t.isOpen() && Files.size(f) != t.pos()) {
                t.open();
            }
            return;
        }
        long start = 0;
        PositionStore.Entry e = firstScan ? saved.get(inode) : null;
        long size = Files.size(f);
        if (e != null) {
            start = e.pos() <= size ? e.pos() : 0;
        } else if (firstScan && settings.skipToEnd()) {
            start = size;
        }
        t = new TailFile(inode, f, g, 0, false);
        t.open();
        t.seek(start);
        synchronized (lock) {
            tails.put(inode, t);
            dirty = true;
        }
        LOG.info("TAILDIR source {}: tailing {} (inode {}) from position {}", name, f, inode, start);
    }

    private void closeIdle(long now) {
        for (TailFile t : tails.values()) {
            if (t.isOpen() && now - t.lastActivityMillis() >= settings.idleTimeoutMillis()) {
                try {
                    if (t.size() > t.pos()) {
                        LOG.warn("TAILDIR source {}: closing idle {} with {} bytes after its last newline unread",
                                name, t.path(), t.size() - t.pos());
                        counter.increment(SourceCounter.EVENT_READ_FAIL);
                    }
                } catch (IOException ignored) {
                    // the size is only for the warning
                }
                t.close();
            }
        }
    }

    /** Writes the position file when positions moved and writePosInterval has passed since the last write. */
    private void maybeSavePositions() {
        if (dirty && System.currentTimeMillis() - lastSaveMillis >= settings.writePosIntervalMillis()) {
            synchronized (lock) {
                if (!stopped) {
                    savePositions(false);
                }
            }
        }
    }

    /**
     * Writes committed positions of tracked files, in place after a commit (cheap, see {@link PositionStore}),
     * else by write-and-rename; the caller holds {@link #lock}.
     */
    private void savePositions(boolean afterCommit) {
        if (store == null) {
            return;
        }
        List<PositionStore.Entry> entries = new ArrayList<>(tails.size());
        Map<Long, PositionStore.Entry> merged = new HashMap<>(saved);
        for (TailFile t : tails.values()) {
            merged.put(t.inode(), new PositionStore.Entry(t.inode(), t.pos(), t.path().toAbsolutePath().toString()));
        }
        entries.addAll(merged.values());
        try {
            if (LOG.isDebugEnabled()) {
                LOG.debug("TAILDIR source {}: saving positions {}", name, entries);
            }
            if (afterCommit) {
                store.saveInPlace(entries);
            } else {
                store.save(entries);
            }
            dirty = false;
            lastSaveMillis = System.currentTimeMillis();
        } catch (IOException e) {
            LOG.warn("TAILDIR source {}: cannot write position file {}: {}", name, store.path(), e.toString());
        }
    }

    static long inodeOf(Path p) throws IOException {
        Object ino = Files.getAttribute(p, "unix:ino");
        return ((Number) ino).longValue();
    }
}
