package io.flafka.bench.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Reads every file a file_roll (or HDFS DataStream) sink wrote (one body per line) into a {@link SeqCheck}. */
final class FileRollCheck {
    private FileRollCheck() {
    }

    static Verification check(Path dir, long n, int maxLine) throws IOException {
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.sorted().toList();
        }
        return check(files, n, maxLine);
    }

    /** Reads the given files only (one body per line). */
    static Verification check(List<Path> files, long n, int maxLine) throws IOException {
        SeqCheck check = new SeqCheck(n);
        byte[] buf = new byte[1 << 16];
        byte[] line = new byte[maxLine + 1];
        for (Path f : files) {
            int len = 0;
            try (InputStream in = Files.newInputStream(f)) {
                int r;
                while ((r = in.read(buf)) > 0) {
                    for (int i = 0; i < r; i++) {
                        byte b = buf[i];
                        if (b == '\n') {
                            check.add(Bodies.seq(line, 0, len));
                            len = 0;
                        } else if (len < line.length) {
                            line[len++] = b;
                        }
                    }
                }
            }
            if (len > 0) {
                check.add(Bodies.seq(line, 0, len));
            }
        }
        return check.result();
    }

    static long totalBytes(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
