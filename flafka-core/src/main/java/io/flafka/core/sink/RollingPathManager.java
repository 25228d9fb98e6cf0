package io.flafka.core.sink;

import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Names the files of a {@code file_roll} sink, as Flume's path managers do:
 * <ul>
 *   <li>{@code DEFAULT}: {@code <prefix><seriesMillis>-<n>[.<extension>]}, where {@code seriesMillis}
 *       is when the sink was created and {@code n} counts files from 1;</li>
 *   <li>{@code ROLLTIME}: {@code <prefix><yyyyMMddHHmmss>-<n>[.<extension>]}, the local time the file
 *       was opened.</li>
 * </ul>
 * Used by the sink's runner thread only.
 */
final class RollingPathManager {
    private static final DateTimeFormatter ROLL_TIME =
            DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT).withZone(ZoneId.systemDefault());

    private final Path directory;
    private final boolean rollTime;
    private final String prefix;
    private final String suffix;
    private final long seriesMillis;
    private int index;

    RollingPathManager(Path directory, String kind, String prefix, String extension, long seriesMillis) {
        this.directory = directory;
        this.rollTime = kind.trim().equalsIgnoreCase("ROLLTIME");
        this.prefix = prefix == null ? "" : prefix;
        this.suffix = extension == null || extension.isEmpty() ? "" : "." + extension;
        this.seriesMillis = seriesMillis;
    }

    /** The next file's path; each call gives a new name. */
    Path next(long nowMillis) {
        index++;
        String stamp = rollTime ? ROLL_TIME.format(Instant.ofEpochMilli(nowMillis)) : Long.toString(seriesMillis);
        return directory.resolve(prefix + stamp + "-" + index + suffix);
    }
}
