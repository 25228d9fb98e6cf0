package io.flafka.bench;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.Event;
import io.flafka.api.Sink;
import io.flafka.api.Transaction;
import io.flafka.api.config.Config;
import io.flafka.api.metrics.ChannelCounter;
import io.flafka.api.metrics.SinkCounter;
import io.flafka.core.channel.MemoryChannel;
import io.flafka.hdfs.HdfsSinkProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Memory channel to HDFS sink on local files (Hadoop's raw local file system): DataStream, TEXT,
 * 200-byte events, batch 1000, files rolled every 128 MB. One invocation puts a prepared batch into
 * the channel and runs one {@code process()} (take, write, hflush, commit); the score is events/s.
 * {@code headers = timestamp} adds a timestamp header and a time-escaped path ({@code %Y-%m-%d/%H}),
 * which exercises the bucket cache.
 *
 * <pre>java -jar bench/jmh/target/benchmarks.jar HdfsSink -f 1 -wi 2 -i 3 -w 3s -r 5s</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@State(Scope.Thread)
public class HdfsSinkBenchmark {
    private static final int BATCH = 1000;

    @Param({"none", "timestamp"})
    public String headers;

    private Path dir;
    private MemoryChannel channel;
    private Sink sink;
    private List<Event> events;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        dir = Files.createTempDirectory("hdfs-sink-bench");
        boolean ts = headers.equals("timestamp");
        channel = new MemoryChannel("c1", new MemoryChannel.Settings(BATCH * 4, BATCH,
                MemoryChannel.Settings.defaultByteCapacity(), 20, 1), new ChannelCounter("c1"));
        channel.start();
        HdfsSinkProvider provider = new HdfsSinkProvider();
        Map<String, String> raw = Map.of("hdfs.path", dir.toUri() + (ts ? "%Y-%m-%d/%H" : "out"),
                "hdfs.fileType", "DataStream", "hdfs.batchSize", Integer.toString(BATCH),
                "hdfs.rollSize", Long.toString(128L << 20), "hdfs.rollCount", "0", "hdfs.rollInterval", "0");
        sink = provider.create(new ComponentContext("a1", "k1", ComponentKind.SINK,
                Config.parse(provider.configDef(), raw), new SinkCounter("k1")));
        sink.start(channel);
        events = new ArrayList<>(BATCH);
        long now = System.currentTimeMillis();
        for (int i = 0; i < BATCH; i++) {
            byte[] body = new byte[200];
            java.util.Arrays.fill(body, (byte) ('a' + i % 26));
            events.add(ts ? Event.of(body, Map.of("timestamp", Long.toString(now + i))) : Event.of(body));
        }
    }

    /** Deletes rolled (closed) files so long runs do not fill the disk. */
    @TearDown(Level.Iteration)
    public void deleteClosedFiles() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().endsWith(".tmp"))
                    .forEach(p -> p.toFile().delete());
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        sink.stop();
        channel.stop();
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Object putAndDrainOneBatch() throws Exception {
        try (Transaction tx = channel.begin()) {
            tx.put(events);
            tx.commit();
        }
        return sink.process();
    }
}
