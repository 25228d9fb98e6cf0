package io.flafka.sources.spooldir;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Source;
import io.flafka.api.config.Config;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.metrics.SourceCounter;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/** Provides {@link SpoolDirectorySource} as {@code spooldir} ({@code org.apache.flume.source.SpoolDirectorySource}). */
public final class SpoolDirectorySourceProvider implements ComponentProvider<Source> {
    @Override
    public ComponentKind kind() {
        return ComponentKind.SOURCE;
    }

    @Override
    public String type() {
        return "spooldir";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("org.apache.flume.source.SpoolDirectorySource");
    }

    @Override
    public String description() {
        return "Reads complete files dropped into a directory, resuming mid-file after a restart.";
    }

    @Override
    public ConfigDef configDef() {
        return SpoolDirectorySource.CONFIG_DEF;
    }

    @Override
    public Source create(ComponentContext context) {
        Config c = context.config();
        Path spoolDir = Path.of(c.get(SpoolDirectorySource.SPOOL_DIR).trim()).toAbsolutePath();
        Path tracker = Path.of(c.get(SpoolDirectorySource.TRACKER_DIR).trim());
        Path trackerDir = tracker.isAbsolute() ? tracker : spoolDir.resolve(tracker);
        CodingErrorAction action = switch (c.get(SpoolDirectorySource.DECODE_ERROR_POLICY).trim()
                .toUpperCase(Locale.ROOT)) {
            case "REPLACE" -> CodingErrorAction.REPLACE;
            case "IGNORE" -> CodingErrorAction.IGNORE;
            default -> CodingErrorAction.REPORT;
        };
        String deser = c.get(SpoolDirectorySource.DESERIALIZER).trim();
        SpoolDirectorySource.Settings s = new SpoolDirectorySource.Settings(spoolDir,
                c.get(SpoolDirectorySource.FILE_SUFFIX),
                c.get(SpoolDirectorySource.DELETE_POLICY).trim().equalsIgnoreCase("immediate"),
                c.get(SpoolDirectorySource.FILE_HEADER), c.get(SpoolDirectorySource.FILE_HEADER_KEY),
                c.get(SpoolDirectorySource.BASENAME_HEADER), c.get(SpoolDirectorySource.BASENAME_HEADER_KEY),
                Pattern.compile(c.get(SpoolDirectorySource.INCLUDE_PATTERN)),
                Pattern.compile(c.get(SpoolDirectorySource.IGNORE_PATTERN)), trackerDir,
                c.get(SpoolDirectorySource.TRACKING_POLICY).trim().equalsIgnoreCase("tracker_dir"),
                c.get(SpoolDirectorySource.CONSUME_ORDER).trim(), c.get(SpoolDirectorySource.POLL_DELAY),
                c.get(SpoolDirectorySource.RECURSIVE), c.get(SpoolDirectorySource.MAX_BACKOFF),
                c.get(SpoolDirectorySource.BATCH_SIZE),
                Charset.forName(c.get(SpoolDirectorySource.INPUT_CHARSET).trim()), action,
                deser.equalsIgnoreCase("LINE") || deser.equalsIgnoreCase("AVRO") ? deser.toUpperCase(Locale.ROOT)
                        : SpoolDirectorySource.BLOB_CLASS,
                c.get(SpoolDirectorySource.MAX_LINE_LENGTH),
                Charset.forName(c.get(SpoolDirectorySource.OUTPUT_CHARSET).trim()),
                c.get(SpoolDirectorySource.SCHEMA_TYPE).trim().equalsIgnoreCase("LITERAL"),
                c.get(SpoolDirectorySource.MAX_BLOB_LENGTH));
        return new SpoolDirectorySource(context.name(), s, context.counters(SourceCounter.class));
    }
}
