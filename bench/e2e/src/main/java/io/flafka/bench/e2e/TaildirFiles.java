package io.flafka.bench.e2e;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes the n bodies as lines into {@code files} files {@code 0.log ...} of (nearly) n / files lines each. */
final class TaildirFiles {
    private TaildirFiles() {
    }

    /** @return bytes written */
    static long write(Path dir, int files, long n, Bodies bodies) throws IOException {
        long bytes = 0;
        for (int f = 0; f < files; f++) {
            long from = n * f / files;
            long to = n * (f + 1) / files;
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(dir.resolve(f + ".log")), 1 << 16)) {
                for (long seq = from; seq < to; seq++) {
                    out.write(bodies.body(seq, 0));
                    out.write('\n');
                }
            }
            bytes += (to - from) * (bodies.size() + 1);
        }
        return bytes;
    }
}
