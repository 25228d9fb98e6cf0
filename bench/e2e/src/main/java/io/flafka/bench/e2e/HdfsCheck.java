package io.flafka.bench.e2e;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads back what the HDFS sink (DataStream, text serializer: one body per line) left under a local
 * directory after it stopped: only final files count; an in-use file ({@code .tmp}) still there is
 * reported, and its events show as missing.
 */
final class HdfsCheck {
    private HdfsCheck() {
    }

    record Outcome(Verification verification, int finalFiles, int inUseFiles, long bytes) {
        String note() {
            return finalFiles + " final files, " + bytes / 1_000_000 + " MB" + (inUseFiles > 0
                    ? "; " + inUseFiles + " .tmp FILES LEFT" : ", no .tmp left");
        }
    }

    static Outcome check(Path dir, long n, int maxLine) throws IOException {
        List<Path> all;
        try (Stream<Path> s = Files.walk(dir)) {
            all = s.filter(Files::isRegularFile).sorted().toList();
        }
        List<Path> finals = all.stream().filter(p -> !inUse(p)).toList();
        long bytes = finals.stream().mapToLong(p -> p.toFile().length()).sum();
        Verification v = FileRollCheck.check(finals, n, maxLine);
        return new Outcome(v, finals.size(), all.size() - finals.size(), bytes);
    }

    private static boolean inUse(Path p) {
        String name = p.getFileName().toString();
        return name.endsWith(".tmp") || name.startsWith("_") || name.startsWith(".");
    }
}
