package io.flafka.sources.taildir;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Source;
import io.flafka.api.config.Config;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigException;
import io.flafka.api.metrics.SourceCounter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/** Provides {@link TaildirSource} as {@code taildir} ({@code TAILDIR}, {@code org.apache.flume.source.taildir.TaildirSource}). */
public final class TaildirSourceProvider implements ComponentProvider<Source> {
    @Override
    public ComponentKind kind() {
        return ComponentKind.SOURCE;
    }

    @Override
    public String type() {
        return "taildir";
    }

    @Override
    public Set<String> aliases() {
        return Set.of("TAILDIR", "org.apache.flume.source.taildir.TaildirSource");
    }

    @Override
    public String description() {
        return "Tails groups of files by inode, surviving rotation, and saves committed positions in a JSON file.";
    }

    @Override
    public ConfigDef configDef() {
        return TaildirSource.CONFIG_DEF;
    }

    @Override
    public Source create(ComponentContext context) {
        Config c = context.config();
        List<TaildirSource.FileGroupSpec> groups = new ArrayList<>();
        for (String g : c.getList(TaildirSource.FILEGROUPS)) {
            String raw = c.getString("filegroups." + g);
            if (raw == null || raw.isBlank()) {
                throw new ConfigException("filegroups." + g, "is required for the file group '" + g + "'");
            }
            Path path = Path.of(raw.trim());
            if (!path.isAbsolute() || path.getFileName() == null) {
                throw new ConfigException("filegroups." + g, "must be an absolute path ending in a file-name regex");
            }
            try {
                Pattern.compile(path.getFileName().toString());
            } catch (PatternSyntaxException e) {
                throw new ConfigException("filegroups." + g, "file-name part is not a regular expression: "
                        + e.getDescription());
            }
            Map<String, String> headers = new LinkedHashMap<>(c.subProperties("headers." + g + "."));
            groups.add(new TaildirSource.FileGroupSpec(g, path, headers));
        }
        TaildirSource.Settings s = new TaildirSource.Settings(groups, expandHome(c.get(TaildirSource.POSITION_FILE)),
                c.get(TaildirSource.BYTE_OFFSET_HEADER), c.get(TaildirSource.FILE_HEADER),
                c.get(TaildirSource.FILE_HEADER_KEY), c.get(TaildirSource.SKIP_TO_END),
                c.get(TaildirSource.IDLE_TIMEOUT), c.get(TaildirSource.WRITE_POS_INTERVAL),
                c.get(TaildirSource.BATCH_SIZE), c.get(TaildirSource.MAX_BATCH_COUNT),
                c.get(TaildirSource.BACKOFF_SLEEP_INCREMENT), c.get(TaildirSource.MAX_BACKOFF_SLEEP),
                c.get(TaildirSource.CACHE_PATTERN_MATCHING));
        return new TaildirSource(context.name(), s, context.counters(SourceCounter.class));
    }

    static Path expandHome(String p) {
        String v = p.trim();
        if (v.equals("~") || v.startsWith("~/")) {
            return Path.of(System.getProperty("user.home") + v.substring(1));
        }
        return Path.of(v);
    }
}
