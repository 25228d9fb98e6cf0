package io.flafka.sources.spooldir;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Chooses the next file to spool: a regular, non-hidden file of the spooling directory (and its
 * sub-directories when recursive) whose name matches {@code includePattern} and not
 * {@code ignorePattern}, that is not completed (suffix, or tracker marker) and not set aside; the
 * oldest, youngest (modification time, then name) or a random one.
 */
final class SpoolFileFinder {
    enum Order { OLDEST, YOUNGEST, RANDOM }

    private final Path spoolDir;
    private final Path trackerDir;
    private final String suffix;
    private final Pattern include;
    private final Pattern ignore;
    private final boolean recursive;
    private final Order order;
    private final Predicate<Path> completed;

    SpoolFileFinder(Path spoolDir, Path trackerDir, String suffix, Pattern include, Pattern ignore, boolean recursive,
                    Order order, Predicate<Path> completed) {
        this.spoolDir = spoolDir;
        this.trackerDir = trackerDir;
        this.suffix = suffix;
        this.include = include;
        this.ignore = ignore;
        this.recursive = recursive;
        this.order = order;
        this.completed = completed;
    }

    /** The next file, or null when there is none. */
    Path next(Set<Path> setAside) throws IOException {
        List<Candidate> candidates = new ArrayList<>();
        Files.walkFileTree(spoolDir, Set.of(), recursive ? Integer.MAX_VALUE : 1, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                if (dir.equals(spoolDir)) {
                    return FileVisitResult.CONTINUE;
                }
                return dir.equals(trackerDir) || dir.getFileName().toString().startsWith(".")
                        ? FileVisitResult.SKIP_SUBTREE : FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String n = file.getFileName().toString();
                if (attrs.isRegularFile() && !n.startsWith(".") && !n.endsWith(suffix)
                        && include.matcher(n).matches() && !ignore.matcher(n).matches()
                        && !setAside.contains(file) && !completed.test(file)) {
                    candidates.add(new Candidate(file, attrs.lastModifiedTime().toMillis()));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException exc) {
                return FileVisitResult.CONTINUE;
            }
        });
        if (candidates.isEmpty()) {
            return null;
        }
        Comparator<Candidate> oldest = Comparator.comparingLong(Candidate::mtime).thenComparing(Candidate::path);
        return switch (order) {
            case OLDEST -> Collections.min(candidates, oldest).path();
            case YOUNGEST -> Collections.max(candidates, Comparator.comparingLong(Candidate::mtime)
                    .thenComparing(Candidate::path, Comparator.reverseOrder())).path();
            case RANDOM -> candidates.get(ThreadLocalRandom.current().nextInt(candidates.size())).path();
        };
    }

    private record Candidate(Path path, long mtime) {
    }
}
