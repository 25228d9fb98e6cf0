package io.flafka.sources.spooldir;

import io.flafka.api.ChannelException;
import io.flafka.api.ChannelProcessor;
import io.flafka.api.Event;
import io.flafka.api.PollableSource;
import io.flafka.api.Status;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.sources.support.CharsetValidator;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads files dropped into a directory (Flume's {@code spooldir}): one file at a time, turned into
 * events by a deserializer, then marked completed (renamed with {@code fileSuffix}, recorded in the
 * tracker directory, or deleted).
 *
 * <p>Delivery: after every committed batch the read position of the current file is written
 * atomically to {@code <trackerDir>/.flumespool-main.meta}; a restart (clean or not) resumes there, so
 * no event is lost or repeated, except the batch in flight at a crash, which is repeated. A file that
 * changes while being read (size or modification time) is reported (ERROR, counter
 * {@code SpoolFileChangedCount}) and set aside, never mixed with new content; so is a file that does
 * not decode under {@code decodeErrorPolicy=FAIL}.
 *
 * <p>Threading: {@link #process()} runs on the source's runner thread only; {@link #stop()} closes the
 * current file under a lock shared with the post-commit bookkeeping; a {@code process()} blocked in
 * the processor is unblocked by the runner's interrupt.
 */
public final class SpoolDirectorySource implements PollableSource {
    private static final Logger LOG = LoggerFactory.getLogger(SpoolDirectorySource.class);
    /** Name of the counter of files that changed while being read. */
    public static final String FILE_CHANGED = "SpoolFileChangedCount";
    static final String BLOB_CLASS = "org.apache.flume.sink.solr.morphline.BlobDeserializer$Builder";

    public static final ConfigKey<String> SPOOL_DIR = ConfigKey.stringKey("spoolDir").required()
            .validator(Validators.nonBlank()).doc("Directory whose files are read.").build();
    public static final ConfigKey<String> FILE_SUFFIX = ConfigKey.stringKey("fileSuffix").defaultValue(".COMPLETED")
            .validator(Validators.nonBlank()).doc("Suffix marking a completed file.").build();
    public static final ConfigKey<String> DELETE_POLICY = ConfigKey.stringKey("deletePolicy").defaultValue("never")
            .validator(Validators.oneOf("never", "immediate")).doc("Delete completed files: never or immediate.")
            .build();
    public static final ConfigKey<Boolean> FILE_HEADER = ConfigKey.booleanKey("fileHeader").defaultValue(false)
            .doc("Add the absolute path of the file as a header.").build();
    public static final ConfigKey<String> FILE_HEADER_KEY = ConfigKey.stringKey("fileHeaderKey").defaultValue("file")
            .validator(Validators.nonBlank()).doc("Name of the header set by fileHeader.").build();
    public static final ConfigKey<Boolean> BASENAME_HEADER = ConfigKey.booleanKey("basenameHeader")
            .defaultValue(false).doc("Add the file name as a header.").build();
    public static final ConfigKey<String> BASENAME_HEADER_KEY = ConfigKey.stringKey("basenameHeaderKey")
            .defaultValue("basename").validator(Validators.nonBlank()).doc("Name of the header set by basenameHeader.")
            .build();
    public static final ConfigKey<String> INCLUDE_PATTERN = ConfigKey.stringKey("includePattern").defaultValue("^.*$")
            .validator(Validators.regex()).doc("Regular expression file names must match.").build();
    public static final ConfigKey<String> IGNORE_PATTERN = ConfigKey.stringKey("ignorePattern").defaultValue("^$")
            .validator(Validators.regex()).doc("Regular expression of file names to skip.").build();
    public static final ConfigKey<String> TRACKER_DIR = ConfigKey.stringKey("trackerDir").defaultValue(".flumespool")
            .validator(Validators.nonBlank())
            .doc("Directory for the read position (and completion markers); relative to spoolDir unless absolute.")
            .build();
    public static final ConfigKey<String> TRACKING_POLICY = ConfigKey.stringKey("trackingPolicy")
            .defaultValue("rename").validator(Validators.oneOf("rename", "tracker_dir"))
            .doc("rename: add fileSuffix to completed files; tracker_dir: leave them and record them in trackerDir.")
            .build();
    public static final ConfigKey<String> CONSUME_ORDER = ConfigKey.stringKey("consumeOrder").defaultValue("oldest")
            .validator(Validators.oneOf("oldest", "youngest", "random"))
            .doc("Which file next: oldest or youngest modification time, or random.").build();
    public static final ConfigKey<Integer> POLL_DELAY = ConfigKey.intKey("pollDelay").defaultValue(500)
            .validator(Validators.atLeast(1)).doc("Milliseconds between looks at an empty directory.").build();
    public static final ConfigKey<Boolean> RECURSIVE = ConfigKey.booleanKey("recursiveDirectorySearch")
            .defaultValue(false).doc("Also read files of sub-directories.").build();
    public static final ConfigKey<Integer> MAX_BACKOFF = ConfigKey.intKey("maxBackoff").defaultValue(4000)
            .validator(Validators.atLeast(1))
            .doc("Longest wait, in milliseconds, before retrying a batch the channels refused (doubles from 250).")
            .build();
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.intKey("batchSize").defaultValue(100)
            .validator(Validators.atLeast(1)).doc("Most events per channel transaction.").build();
    public static final ConfigKey<String> INPUT_CHARSET = ConfigKey.stringKey("inputCharset").defaultValue("UTF-8")
            .validator(CharsetValidator.INSTANCE).doc("Character set of text files.").build();
    public static final ConfigKey<String> DECODE_ERROR_POLICY = ConfigKey.stringKey("decodeErrorPolicy")
            .defaultValue("FAIL").validator(Validators.oneOf("FAIL", "REPLACE", "IGNORE"))
            .doc("Undecodable input: FAIL (report the file and set it aside), REPLACE (U+FFFD) or IGNORE (drop).")
            .build();
    public static final ConfigKey<String> DESERIALIZER = ConfigKey.stringKey("deserializer").defaultValue("LINE")
            .validator(Validators.oneOf("LINE", "AVRO", BLOB_CLASS))
            .doc("LINE (one event per line), AVRO (one per record of an Avro container file) or " + BLOB_CLASS
                    + " (the whole file).").build();
    public static final ConfigKey<Integer> MAX_LINE_LENGTH = ConfigKey.intKey("deserializer.maxLineLength")
            .defaultValue(2048).validator(Validators.atLeast(1))
            .doc("LINE: longer lines are split into several events.").build();
    public static final ConfigKey<String> OUTPUT_CHARSET = ConfigKey.stringKey("deserializer.outputCharset")
            .defaultValue("UTF-8").validator(CharsetValidator.INSTANCE).doc("LINE: character set of event bodies.")
            .build();
    public static final ConfigKey<String> SCHEMA_TYPE = ConfigKey.stringKey("deserializer.schemaType")
            .defaultValue("HASH").validator(Validators.oneOf("HASH", "LITERAL"))
            .doc("AVRO: send the schema's fingerprint (flume.avro.schema.hash) or its JSON (flume.avro.schema.literal).")
            .build();
    public static final ConfigKey<Integer> MAX_BLOB_LENGTH = ConfigKey.intKey("deserializer.maxBlobLength")
            .defaultValue(100_000_000).validator(Validators.atLeast(1))
            .doc("Blob: most bytes per event; longer files become several events.").build();
    public static final ConfigDef CONFIG_DEF = ConfigDef.builder()
            .keys(SPOOL_DIR, FILE_SUFFIX, DELETE_POLICY, FILE_HEADER, FILE_HEADER_KEY, BASENAME_HEADER,
                    BASENAME_HEADER_KEY, INCLUDE_PATTERN, IGNORE_PATTERN, TRACKER_DIR, TRACKING_POLICY, CONSUME_ORDER,
                    POLL_DELAY, RECURSIVE, MAX_BACKOFF, BATCH_SIZE, INPUT_CHARSET, DECODE_ERROR_POLICY, DESERIALIZER,
                    MAX_LINE_LENGTH, OUTPUT_CHARSET, SCHEMA_TYPE, MAX_BLOB_LENGTH)
            .batchSizeKey(BATCH_SIZE.name()).build();

    /** How a deserializer is opened, from the configuration. */
    interface DeserializerFactory {
        SpoolDeserializer open(Path file, SpoolDeserializer.Mark mark) throws IOException;
    }

    /** The source's settings, as read from its keys. */
    public record Settings(Path spoolDir, String fileSuffix, boolean deleteImmediately, boolean fileHeader,
                           String fileHeaderKey, boolean basenameHeader, String basenameHeaderKey,
                           Pattern includePattern, Pattern ignorePattern, Path trackerDir, boolean trackerDirPolicy,
                           String consumeOrder, int pollDelayMillis, boolean recursive, int maxBackoffMillis,
                           int batchSize, Charset inputCharset, CodingErrorAction decodeErrorAction,
                           String deserializer, int maxLineLength, Charset outputCharset, boolean literalSchema,
                           int maxBlobLength) {
    }

    private final String name;
    private final Settings s;
    private final SourceCounter counter;
    private final Object lock = new Object();
    private final SpoolMeta meta;
    private final SpoolFileFinder finder;
    private final Set<Path> setAside = new HashSet<>();
    private volatile ChannelProcessor processor;
    private volatile boolean stopped = true;
    private Current current;
    private List<Event> pending;
    private SpoolDeserializer.Mark pendingMark;
    /** The file {@link #pending} came from; kept apart from {@link #current}, which stop clears. */
    private Current pendingFile;
    private long retryAt;
    private long retryBackoff;
    private SpoolMeta.State resume;

    /** The file being read and what it looked like when opened. */
    private record Current(Path file, long inode, long size, long mtime, SpoolDeserializer reader) {
    }

    public SpoolDirectorySource(String name, Settings settings, SourceCounter counter) {
        this.name = name;
        this.s = settings;
        this.counter = counter;
        this.meta = new SpoolMeta(settings.trackerDir());
        this.finder = new SpoolFileFinder(settings.spoolDir(), settings.trackerDir(), settings.fileSuffix(),
                settings.includePattern(), settings.ignorePattern(), settings.recursive(),
                SpoolFileFinder.Order.valueOf(settings.consumeOrder().toUpperCase(java.util.Locale.ROOT)),
                this::isTracked);
    }

    @Override
    public void start(ChannelProcessor channelProcessor) throws IOException {
        if (!Files.isDirectory(s.spoolDir())) {
            throw new IOException("spoolDir " + s.spoolDir() + " is not a directory");
        }
        Files.createDirectories(s.trackerDir());
        synchronized (lock) {
            resume = meta.load();
            pending = null;
            current = null;
            retryAt = 0;
            retryBackoff = 0;
            processor = channelProcessor;
            stopped = false;
        }
        counter.counter(FILE_CHANGED);
        counter.markStarted();
        LOG.info("Spooling directory source {} reads {}", name, s.spoolDir());
    }

    @Override
    public void stop() {
        synchronized (lock) {
            if (stopped) {
                return;
            }
            stopped = true;
            closeCurrent();
        }
        counter.markStopped();
    }

    @Override
    public long backoffSleepIncrementMillis() {
        return Math.min(s.pollDelayMillis(), 250);
    }

    @Override
    public long maxBackoffSleepMillis() {
        return s.pollDelayMillis();
    }

    @Override
    public Status process() throws IOException {
        ChannelProcessor p = processor;
        if (p == null || stopped || System.currentTimeMillis() < retryAt) {
            return Status.BACKOFF;
        }
        if (pending == null && !readBatch()) {
            return current == null ? Status.BACKOFF : Status.READY;
        }
        List<Event> attempt = new ArrayList<>(pending.size());
        for (Event e : pending) {
            attempt.add(e.copy());
        }
        try {
            p.processBatch(attempt);
        } catch (ChannelException e) {
            retryBackoff = retryBackoff == 0 ? 250 : Math.min(retryBackoff * 2, s.maxBackoffMillis());
            retryAt = System.currentTimeMillis() + retryBackoff;
            LOG.warn("Spooling directory source {}: channels refused a batch of {} ({}); retrying in {} ms", name,
                    pending.size(), e.getMessage(), retryBackoff);
            return Status.BACKOFF;
        }
        retryBackoff = 0;
        synchronized (lock) {
            // saved even when stop closed the file meanwhile: the batch is committed, a restart must skip it
            Current c = pendingFile;
            pending = null;
            pendingFile = null;
            if (c != null) {
                meta.save(new SpoolMeta.State(c.file().toString(), c.inode(), c.size(), c.mtime(), pendingMark.pos(),
                        pendingMark.skip()));
            }
        }
        return Status.READY;
    }

    /** Reads the next batch into {@link #pending}; false when there was none (file finished or none). */
    private boolean readBatch() throws IOException {
        synchronized (lock) {
            if (stopped) {
                return false;
            }
            if (current == null && !openNext()) {
                return false;
            }
            Current c = current;
            if (changed(c)) {
                return false;
            }
            List<Event> events;
            try {
                events = c.reader().read(s.batchSize());
            } catch (CharacterCodingException e) {
                report(c, "does not decode as " + s.inputCharset() + " (" + e + "); decodeErrorPolicy is FAIL");
                return false;
            }
            if (events.isEmpty()) {
                complete(c);
                return false;
            }
            String file = c.file().toAbsolutePath().toString();
            String base = c.file().getFileName().toString();
            for (Event e : events) {
                if (s.fileHeader()) {
                    e.header(s.fileHeaderKey(), file);
                }
                if (s.basenameHeader()) {
                    e.header(s.basenameHeaderKey(), base);
                }
            }
            counter.eventsReceived(events.size());
            pending = events;
            pendingMark = c.reader().mark();
            pendingFile = c;
            return true;
        }
    }

    /** Opens the file to resume or the next one; false when there is none. */
    private boolean openNext() throws IOException {
        SpoolMeta.State r = resume;
        resume = null;
        if (r != null) {
            Path f = Path.of(r.file());
            if (Files.isRegularFile(f) && inodeOf(f) == r.inode()) {
                SpoolDeserializer.Mark mark = new SpoolDeserializer.Mark(r.pos(), r.skip());
                current = new Current(f, r.inode(), r.size(), r.mtime(), openReader(f, mark));
                LOG.info("Spooling directory source {}: resuming {} at {}", name, f, mark);
                return true;
            }
            meta.delete();
        }
        Path next = finder.next(setAside);
        if (next == null) {
            return false;
        }
        try {
            long inode = inodeOf(next);
            long size = Files.size(next);
            long mtime = Files.getLastModifiedTime(next).toMillis();
            current = new Current(next, inode, size, mtime, openReader(next, SpoolDeserializer.Mark.START));
            meta.save(new SpoolMeta.State(next.toString(), inode, size, mtime, 0, 0));
            LOG.info("Spooling directory source {}: reading {}", name, next);
            return true;
        } catch (NoSuchFileException e) {
            return false;
        } catch (IOException e) {
            LOG.error("Spooling directory source {}: cannot open {} ({}); it is set aside until restart", name, next,
                    e.toString());
            counter.increment(SourceCounter.EVENT_READ_FAIL);
            setAside.add(next);
            return false;
        }
    }

    private SpoolDeserializer openReader(Path f, SpoolDeserializer.Mark mark) throws IOException {
        return switch (s.deserializer().toUpperCase(java.util.Locale.ROOT)) {
            case "AVRO" -> new AvroContainerDeserializer(f, mark, s.literalSchema());
            case "LINE" -> new LineDeserializer(f, mark, s.inputCharset(), s.outputCharset(), s.decodeErrorAction(),
                    s.maxLineLength());
            default -> new BlobDeserializer(f, mark, s.maxBlobLength());
        };
    }

    /** True (after reporting) when the file's size or mtime differ from when it was opened. */
    private boolean changed(Current c) throws IOException {
        long size;
        long mtime;
        try {
            size = Files.size(c.file());
            mtime = Files.getLastModifiedTime(c.file()).toMillis();
        } catch (NoSuchFileException e) {
            report(c, "was removed while being read");
            return true;
        }
        if (size != c.size() || mtime != c.mtime()) {
            report(c, "changed while being read (size " + c.size() + " -> " + size + ", mtime " + c.mtime() + " -> "
                    + mtime + "); spooled files must be complete and immutable");
            return true;
        }
        return false;
    }

    private void report(Current c, String problem) throws IOException {
        LOG.error("Spooling directory source {}: {} {}; it is left in place and skipped until restart; events "
                + "already delivered from it stay delivered", name, c.file(), problem);
        counter.increment(FILE_CHANGED);
        counter.increment(SourceCounter.EVENT_READ_FAIL);
        setAside.add(c.file());
        closeCurrent();
        meta.delete();
    }

    private void complete(Current c) throws IOException {
        if (changed(c)) {
            return;
        }
        closeCurrent();
        Path f = c.file();
        if (s.deleteImmediately()) {
            Files.deleteIfExists(f);
        } else if (s.trackerDirPolicy()) {
            Path marker = markerOf(f);
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, "");
        } else {
            Path target = f.resolveSibling(f.getFileName() + s.fileSuffix());
            if (Files.exists(target)) {
                LOG.error("Spooling directory source {}: cannot complete {}: {} already exists (file names must be "
                        + "unique); it is set aside until restart", name, f, target);
                counter.increment(SourceCounter.EVENT_READ_FAIL);
                setAside.add(f);
                meta.delete();
                return;
            }
            Files.move(f, target);
        }
        meta.delete();
        LOG.info("Spooling directory source {}: completed {}", name, f);
    }

    private Path markerOf(Path f) {
        Path rel = s.spoolDir().relativize(f);
        return s.trackerDir().resolve(rel.toString() + s.fileSuffix());
    }

    private boolean isTracked(Path f) {
        return s.trackerDirPolicy() && Files.exists(markerOf(f));
    }

    private void closeCurrent() {
        Current c = current;
        current = null;
        pending = null;
        if (c != null) {
            try {
                c.reader().close();
            } catch (IOException ignored) {
                // a read handle: nothing to lose
            }
        }
    }

    static long inodeOf(Path p) throws IOException {
        return ((Number) Files.getAttribute(p, "unix:ino")).longValue();
    }
}
