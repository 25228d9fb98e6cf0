package io.flafka.dist;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;

/** What the quickstart's ingest pipeline wrote: finished files (not in-use {@code .tmp} ones) and their lines. */
final class QuickstartOutput {
    private QuickstartOutput() {
    }

    /** Finished, non-empty files under {@code dir}, in path order. */
    static List<Path> finishedFiles(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile)
                    .filter(p -> !p.getFileName().toString().endsWith(".tmp"))
                    .filter(p -> !p.getFileName().toString().startsWith("."))
                    .filter(p -> size(p) > 0)
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "N events in M file(s) under DIR/". */
    static String summary(Path dir) {
        try {
            long lines = 0;
            List<Path> files = finishedFiles(dir);
            for (Path f : files) {
                try (Stream<String> l = Files.lines(f)) {
                    lines += l.count();
                }
            }
            return String.format(Locale.ROOT, "Ingested %,d events in %d file(s) under %s/", lines, files.size(), dir);
        } catch (IOException | UncheckedIOException e) {
            return "Ingested files are under " + dir + "/ (could not count them: " + e.getMessage() + ")";
        }
    }

    private static long size(Path p) {
        try {
            return Files.size(p);
        } catch (IOException e) {
            return 0;
        }
    }
}
