package io.flafka.core.sink;

import io.flafka.api.Channel;
import io.flafka.api.Event;
import io.flafka.api.FlafkaException;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import io.flafka.api.metrics.SinkCounter;
import io.flafka.core.serialization.EventSerializer;
import io.flafka.core.serialization.EventSerializers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes events to files in a local directory, starting a new file every {@code sink.rollInterval}
 * seconds (Flume's {@code file_roll}). A take commits only after its batch is written and flushed to
 * the operating system; when a write fails, the file is cut back to where the batch began (so a
 * retried batch is not written twice), the transaction rolls back and the next batch starts a new
 * file. Files are opened lazily, so an idle sink leaves no empty files behind; rolling is checked
 * on every {@code process()}, including idle ones.
 *
 * <p>Threading: {@code process()} runs on the sink's runner thread; {@code start()} and
 * {@code stop()} on the lifecycle thread. {@code stop()} waits for a batch being written to the local
 * disk, then closes the file; there is no other blocking to unblock.
 */
public final class RollingFileSink extends AbstractBatchSink {
    private static final Logger LOG = LoggerFactory.getLogger(RollingFileSink.class);

    public static final ConfigKey<String> DIRECTORY = ConfigKey.stringKey("sink.directory").required()
            .validator(Validators.nonBlank()).doc("Directory the files are written to; created if missing.").build();
    public static final ConfigKey<Long> ROLL_INTERVAL = ConfigKey.longKey("sink.rollInterval").defaultValue(30L)
            .validator(Validators.atLeast(0)).doc("Seconds before a new file is started; 0 writes one file.").build();
    public static final ConfigKey<String> SERIALIZER = ConfigKey.stringKey("sink.serializer").defaultValue("TEXT")
            .validator(EventSerializers.validator())
            .doc("Output format: TEXT (body) or HEADER_AND_TEXT ({headers} body).").build();
    public static final ConfigKey<Boolean> APPEND_NEWLINE = ConfigKey.booleanKey("sink.serializer.appendNewline")
            .defaultValue(true).doc("End each event with a newline.").build();
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.intKey("sink.batchSize").defaultValue(100)
            .validator(Validators.atLeast(1)).doc("Events taken, written and flushed per transaction.").build();
    public static final ConfigKey<String> PATH_MANAGER = ConfigKey.stringKey("sink.pathManager")
            .defaultValue("DEFAULT").validator(Validators.oneOf("DEFAULT", "ROLLTIME"))
            .doc("File naming: DEFAULT (<millis>-<n>) or ROLLTIME (<yyyyMMddHHmmss>-<n>).").build();
    public static final ConfigKey<String> PATH_PREFIX = ConfigKey.stringKey("sink.pathManager.prefix")
            .defaultValue("").doc("Prefix of every file name.").build();
    public static final ConfigKey<String> PATH_EXTENSION = ConfigKey.stringKey("sink.pathManager.extension")
            .defaultValue("").doc("Extension of every file name, without the dot.").build();
    public static final ConfigDef CONFIG_DEF = ConfigDef.builder().key(DIRECTORY).key(ROLL_INTERVAL)
            .key(SERIALIZER).key(APPEND_NEWLINE).key(BATCH_SIZE).key(PATH_MANAGER).key(PATH_PREFIX)
            .key(PATH_EXTENSION).batchSizeKey(BATCH_SIZE.name()).build();

    /** Opens a new file for writing; replaceable in tests to inject failures. */
    @FunctionalInterface
    interface FileOpener {
        OutputStream open(Path path) throws IOException;
    }

    private final Path directory;
    private final long rollIntervalMillis;
    private final EventSerializer.Factory serializerFactory;
    private final Map<String, String> serializerOptions;
    private final RollingPathManager paths;
    private final FileOpener opener;
    private final LongSupplier clock;
    private final Object fileLock = new Object();

    private boolean stopped;
    private CountingOutputStream out;
    private EventSerializer serializer;
    private Path current;
    private long openedAt;

    /** A sink writing real files with the system clock. */
    public RollingFileSink(String name, Settings settings, SinkCounter counter) {
        this(name, settings, counter, RollingFileSink::openNew, System::currentTimeMillis);
    }

    RollingFileSink(String name, Settings settings, SinkCounter counter, FileOpener opener, LongSupplier clock) {
        super(name, settings.batchSize(), counter);
        this.directory = settings.directory();
        this.rollIntervalMillis = settings.rollIntervalSeconds() * 1000L;
        this.serializerFactory = EventSerializers.forName(settings.serializer()).orElseThrow(
                () -> new IllegalArgumentException("unknown serializer " + settings.serializer()));
        this.serializerOptions = Map.of("appendNewline", Boolean.toString(settings.appendNewline()));
        this.paths = new RollingPathManager(directory, settings.pathManager(), settings.prefix(),
                settings.extension(), clock.getAsLong());
        this.opener = opener;
        this.clock = clock;
    }

    /** The sink's settings, as read from its keys. */
    public record Settings(Path directory, long rollIntervalSeconds, String serializer, boolean appendNewline,
                           int batchSize, String pathManager, String prefix, String extension) {
    }

    private static OutputStream openNew(Path path) throws IOException {
        // CREATE_NEW: a name clash (restart within the same millisecond) never overwrites a file
        return Files.newOutputStream(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }

    @Override
    public void start(Channel channel) throws Exception {
        try {
            Files.createDirectories(directory);
        } catch (IOException e) {
            throw new FlafkaException("file_roll sink " + name() + ": cannot create sink.directory " + directory
                    + ": " + e, e);
        }
        if (!Files.isDirectory(directory) || !Files.isWritable(directory)) {
            throw new FlafkaException("file_roll sink " + name() + ": sink.directory " + directory
                    + " is not a writable directory");
        }
        synchronized (fileLock) {
            stopped = false;
        }
        super.start(channel);
    }

    @Override
    public void stop() {
        synchronized (fileLock) {
            stopped = true;
            closeCurrent();
        }
        super.stop();
    }

    /** The file being written, or null when none is open. */
    public Path currentFile() {
        synchronized (fileLock) {
            return current;
        }
    }

    @Override
    protected void deliver(List<Event> events) throws IOException {
        synchronized (fileLock) {
            if (stopped) {
                // a runner racing with stop(): leave the batch in the channel rather than reopen a file
                throw new IOException("file_roll sink " + name() + " is stopped");
            }
            rollIfDue();
            if (out == null) {
                open();
            }
            long mark = out.count();
            try {
                for (int i = 0, n = events.size(); i < n; i++) {
                    serializer.write(events.get(i));
                }
                serializer.flush();
                out.flush();
            } catch (IOException | RuntimeException e) {
                discardCurrent(mark);
                throw e;
            }
        }
    }

    @Override
    protected void onIdle() {
        synchronized (fileLock) {
            rollIfDue();
        }
    }

    private void rollIfDue() {
        if (out != null && rollIntervalMillis > 0 && clock.getAsLong() - openedAt >= rollIntervalMillis) {
            closeCurrent();
        }
    }

    private void open() throws IOException {
        long now = clock.getAsLong();
        OutputStream raw = null;
        Path path = null;
        for (int attempt = 0; raw == null; attempt++) {
            path = paths.next(now);
            try {
                raw = opener.open(path);
            } catch (FileAlreadyExistsException e) {
                if (attempt >= 1000) {
                    throw e;
                }
            } catch (IOException e) {
                counter.increment(SinkCounter.CONNECTION_FAILED);
                throw e;
            }
        }
        CountingOutputStream counting = new CountingOutputStream(raw);
        EventSerializer s = serializerFactory.create(counting, serializerOptions);
        try {
            s.afterCreate();
        } catch (IOException | RuntimeException e) {
            counter.increment(SinkCounter.CONNECTION_FAILED);
            closeQuietly(counting);
            throw e;
        }
        out = counting;
        serializer = s;
        current = path;
        openedAt = now;
        counter.increment(SinkCounter.CONNECTION_CREATED);
        LOG.debug("Sink {} opened {}", name(), path);
    }

    /** Closes the current file with its footer; a failure is logged, the file is left as it is. */
    private void closeCurrent() {
        if (out == null) {
            return;
        }
        try {
            serializer.beforeClose();
            serializer.flush();
            out.close();
            LOG.debug("Sink {} closed {}", name(), current);
        } catch (IOException | RuntimeException e) {
            LOG.warn("Sink {} could not close {} cleanly: {}", name(), current, e.toString());
            closeQuietly(out);
        }
        forget();
    }

    /** After a failed write: close, cut the file back to the start of the failed batch, start over. */
    private void discardCurrent(long mark) {
        closeQuietly(out);
        Path failed = current;
        forget();
        try (FileChannel ch = FileChannel.open(failed, StandardOpenOption.WRITE)) {
            if (ch.size() > mark) {
                ch.truncate(mark);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("Sink {} could not cut {} back to {} bytes after a failed write; the retried batch may appear "
                    + "twice: {}", name(), failed, mark, e.toString());
        }
    }

    private void forget() {
        out = null;
        serializer = null;
        current = null;
        counter.increment(SinkCounter.CONNECTION_CLOSED);
    }

    private static void closeQuietly(OutputStream s) {
        try {
            s.close();
        } catch (IOException | RuntimeException ignored) {
            // already failing; the caller reports the first error
        }
    }
}
