package io.flafka.channel.file.bench;

import io.flafka.api.Channel;
import io.flafka.api.ChannelFullException;
import io.flafka.api.Event;
import io.flafka.api.Transaction;
import io.flafka.api.metrics.ChannelCounter;
import io.flafka.channel.file.FileChannel;
import io.flafka.channel.file.FileChannelConfig;
import io.flafka.core.channel.MemoryChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * A harness run by hand (not a test): raw fsync rate of the disk, batched put/take throughput of the file
 * channel with an fsync per commit against the memory channel, and the time to restart with one million
 * events pending (after a clean stop and after a crash).
 *
 * <pre>
 * mvn -q -o -pl flafka-channel-file -am test-compile
 * java -cp "$(cat cp.txt):flafka-channel-file/target/classes:flafka-channel-file/target/test-classes" \
 *     io.flafka.channel.file.bench.FileChannelBench [dir] [seconds]
 * </pre>
 */
public final class FileChannelBench {
    private static final int BATCH = 1000;
    private static final int BODY = 200;

    public static void main(String[] args) throws Exception {
        Path root = Paths.get(args.length > 0 ? args[0] : "target/bench").toAbsolutePath();
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        String only = args.length > 2 ? args[2] : "all";
        Files.createDirectories(root);
        if (only.equals("all") || only.equals("fsync")) {
            fsyncRate(root);
        }
        if (only.equals("all") || only.equals("throughput")) {
            double mem = throughput("memory", memory(), seconds);
            wipe(root.resolve("tp"));
            double file = throughput("file (fsync every commit)", file(root.resolve("tp"), true), seconds);
            wipe(root.resolve("tp"));
            double noFsync = throughput("file (fsyncPerTransaction=false)", file(root.resolve("tp"), false), seconds);
            wipe(root.resolve("tp"));
            throughput("file (fsync, 4 putters: group commit)", file(root.resolve("tp"), true), seconds, 4);
            wipe(root.resolve("tp"));
            System.out.printf("ratio file/memory: %.2f (fsync on), %.2f (fsync off); file vs Flume's ~65,000/s: %.1fx%n",
                    file / mem, noFsync / mem, file / 65_000);
        }
        if (only.equals("all") || only.equals("restart")) {
            restart(root.resolve("restart"), 1_000_000);
            wipe(root.resolve("restart"));
        }
    }

    private static void fsyncRate(Path root) throws IOException {
        fsyncRate(root, 4096);
        // One batch of 1000 events of 200 bytes is ~216 KB in the log: the ceiling for one synchronous putter.
        fsyncRate(root, 216_000);
    }

    private static void fsyncRate(Path root, int size) throws IOException {
        Path f = root.resolve("fsync-probe");
        ByteBuffer b = ByteBuffer.allocate(size);
        long n = 0;
        try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(f, StandardOpenOption.CREATE,
                StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
            long end = System.nanoTime() + 3_000_000_000L;
            long pos = 0;
            while (System.nanoTime() < end) {
                b.clear();
                pos += ch.write(b, pos);
                ch.force(false);
                n++;
            }
        }
        Files.deleteIfExists(f);
        System.out.printf("raw fsync rate (%d-byte append + force, 3 s): %.0f fsyncs/s%n", size, n / 3.0);
    }

    private static Channel memory() {
        return new MemoryChannel("mem", new MemoryChannel.Settings(1_000_000, BATCH, 0, 0, 3),
                new ChannelCounter("mem"));
    }

    private static FileChannel file(Path dir, boolean fsync) {
        FileChannelConfig.Settings s = FileChannelConfig.Settings.of(dir.resolve("cp"), dir.resolve("data"),
                1_000_000, BATCH).withFsync(fsync);
        s = new FileChannelConfig.Settings(s.checkpointDir(), null, s.dataDirs(), s.capacity(),
                s.transactionCapacity(), s.checkpointIntervalMillis(), s.maxFileSize(), 0, 3, true,
                s.fsyncPerTransaction(), s.fsyncIntervalSeconds(), s.fsyncOnTake(), s.cacheBytes());
        return new FileChannel("file", s, new ChannelCounter("file"));
    }

    /** One putter and one taker moving batches of 1000 events of 200 bytes for {@code seconds}. */
    private static double throughput(String label, Channel c, int seconds) throws Exception {
        return throughput(label, c, seconds, 1);
    }

    private static double throughput(String label, Channel c, int seconds, int putters) throws Exception {
        c.start();
        List<Event> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            batch.add(Event.of(new byte[BODY]));
        }
        AtomicLong taken = new AtomicLong();
        long warmEnd = System.nanoTime() + 2_000_000_000L;
        long end = warmEnd + seconds * 1_000_000_000L;
        AtomicLong takenAtWarm = new AtomicLong(-1);
        Runnable putLoop = () -> {
            while (System.nanoTime() < end) {
                try (Transaction tx = c.begin()) {
                    tx.put(batch);
                    tx.commit();
                } catch (ChannelFullException e) {
                    Thread.onSpinWait();
                }
            }
        };
        List<Thread> putterThreads = new ArrayList<>();
        for (int i = 0; i < putters; i++) {
            putterThreads.add(new Thread(putLoop));
        }
        Thread taker = new Thread(() -> {
            List<Event> got = new ArrayList<>(BATCH);
            while (System.nanoTime() < end) {
                if (takenAtWarm.get() < 0 && System.nanoTime() >= warmEnd) {
                    takenAtWarm.set(taken.get());
                }
                got.clear();
                try (Transaction tx = c.begin()) {
                    tx.take(BATCH, got);
                    tx.commit();
                }
                taken.addAndGet(got.size());
                if (got.isEmpty()) {
                    Thread.onSpinWait();
                }
            }
        });
        putterThreads.forEach(Thread::start);
        taker.start();
        for (Thread t : putterThreads) {
            t.join();
        }
        taker.join();
        long moved = taken.get() - Math.max(0, takenAtWarm.get());
        double rate = moved / (double) seconds;
        String extra = "";
        if (c instanceof FileChannel fc) {
            ChannelCounter counter = fc.counter();
            extra = String.format(" (%d fsyncs, %d ms fsyncing)", counter.get(FileChannel.FSYNC_COUNT),
                    counter.get(FileChannel.FSYNC_TIME_MILLIS));
        }
        c.stop();
        System.out.printf("%-36s %,12.0f events/s taken%s%n", label + ":", rate, extra);
        return rate;
    }

    private static void restart(Path dir, int events) throws Exception {
        FileChannel c = file(dir, false);
        c.start();
        List<Event> batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            batch.add(Event.of(new byte[BODY]));
        }
        for (int i = 0; i < events; i += BATCH) {
            try (Transaction tx = c.begin()) {
                tx.put(batch);
                tx.commit();
            }
        }
        crash(c);
        long t0 = System.nanoTime();
        c = file(dir, true);
        c.start();
        long replay = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("restart after crash, whole log to replay, %,d pending: ready in %d ms (%s)%n", c.size(),
                replay, c.recoveryReport());
        c.stop();
        t0 = System.nanoTime();
        c = file(dir, true);
        c.start();
        long clean = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("restart after clean stop with %,d pending: ready in %d ms (%s)%n", c.size(), clean,
                c.recoveryReport());
        // Crash: nothing checkpointed since the previous start's checkpoint; the whole log since is replayed.
        List<Event> got = new ArrayList<>();
        try (Transaction tx = c.begin()) {
            tx.take(BATCH, got);
            tx.commit();
        }
        crash(c);
        t0 = System.nanoTime();
        c = file(dir, true);
        c.start();
        long crashed = (System.nanoTime() - t0) / 1_000_000;
        System.out.printf("restart after crash with %,d pending: ready in %d ms (%s)%n", c.size(), crashed,
                c.recoveryReport());
        c.stop();
    }

    private static void crash(FileChannel c) throws Exception {
        var m = FileChannel.class.getDeclaredMethod("abandon");
        m.setAccessible(true);
        m.invoke(c);
    }

    private static void wipe(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
