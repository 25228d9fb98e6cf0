package io.flafka.sources.taildir;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * One TAILDIR file group: a directory and a regular expression its file names must match, with the
 * headers its events carry. With caching on, the directory is listed again only when its modification
 * time changed, or while that time is too recent to be trusted (file systems with one-second
 * timestamps would otherwise hide a file created in the same second as the last listing, FLUME-3083).
 * Used only by the source's runner thread.
 */
final class FileGroup {
    /** How long a directory mtime is considered unstable, in milliseconds. */
    private static final long MTIME_GRANULARITY_MILLIS = 2_000;

    private final String name;
    private final Path directory;
    private final Pattern pattern;
    private final Map<String, String> headers;
    private final boolean cache;
    private FileTime listedAt;
    private List<Path> cached = List.of();

    FileGroup(String name, Path fullPath, Map<String, String> headers, boolean cache) {
        this.name = name;
        this.directory = fullPath.getParent();
        this.pattern = Pattern.compile(fullPath.getFileName().toString());
        this.headers = Map.copyOf(headers);
        this.cache = cache;
    }

    String name() {
        return name;
    }

    Map<String, String> headers() {
        return headers;
    }

    Path directory() {
        return directory;
    }

    /** The regular files of the directory whose names match, sorted by name; empty when it does not exist. */
    List<Path> matchingFiles() throws IOException {
        if (!Files.isDirectory(directory)) {
            cached = List.of();
            listedAt = null;
            return cached;
        }
        FileTime mtime = Files.getLastModifiedTime(directory);
        boolean stable = System.currentTimeMillis() - mtime.toMillis() > MTIME_GRANULARITY_MILLIS;
        if (cache && stable && mtime.equals(listedAt)) {
            return cached;
        }
        List<Path> out = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory)) {
            for (Path p : ds) {
                if (pattern.matcher(p.getFileName().toString()).matches() && Files.isRegularFile(p)) {
                    out.add(p);
                }
            }
        }
        out.sort(null);
        cached = out;
        listedAt = mtime;
        return out;
    }
}
