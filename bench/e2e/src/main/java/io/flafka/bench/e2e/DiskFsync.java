package io.flafka.bench.e2e;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Locale;

/**
 * The disk's own fsync rate (issue 4 wants it next to the file channel's figures): appends 4 KiB and
 * forces it to the device ({@code FileChannel.force(false)}, i.e. fdatasync) in a loop for a while, in
 * the benchmark's work directory, on the calling thread.
 *
 * @param fsyncs forces done
 * @param nanos time they took in total (writes included)
 * @param maxNanos the slowest one
 */
record DiskFsync(long fsyncs, long nanos, long maxNanos) {
    private static final int BLOCK = 4096;

    static DiskFsync measure(Path dir, long durationNanos) throws IOException {
        Path file = Files.createTempFile(dir, "fsync-probe-", ".bin");
        ByteBuffer block = ByteBuffer.allocateDirect(BLOCK);
        byte[] fill = new byte[BLOCK];
        Arrays.fill(fill, (byte) 'f');
        block.put(fill).flip();
        long n = 0;
        long max = 0;
        long t0 = System.nanoTime();
        long now = t0;
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            while (now - t0 < durationNanos) {
                long before = now;
                block.rewind();
                while (block.hasRemaining()) {
                    ch.write(block);
                }
                ch.force(false);
                now = System.nanoTime();
                max = Math.max(max, now - before);
                n++;
            }
        } finally {
            Files.deleteIfExists(file);
        }
        return new DiskFsync(n, now - t0, max);
    }

    double perSecond() {
        return nanos == 0 ? 0 : fsyncs * 1e9 / nanos;
    }

    double meanMicros() {
        return fsyncs == 0 ? 0 : nanos / 1e3 / fsyncs;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%.0f fsyncs/s of 4 KiB appends, mean %.0f us, max %.1f ms (%d in %.1f s)",
                perSecond(), meanMicros(), maxNanos / 1e6, fsyncs, nanos / 1e9);
    }
}
