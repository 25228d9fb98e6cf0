package io.flafka.bench;

import io.flafka.api.ChannelProcessor;
import io.flafka.api.Event;
import io.flafka.api.Status;
import io.flafka.api.Transaction;
import io.flafka.api.metrics.ChannelCounter;
import io.flafka.api.metrics.SinkCounter;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.avro.rpc.AvroRpcClient;
import io.flafka.avro.sink.AvroSink;
import io.flafka.avro.source.AvroSource;
import io.flafka.core.channel.MemoryChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
 * Tier-to-tier Avro RPC throughput in events per second: one invocation puts a batch of 100 events
 * (200-byte bodies, two headers) into the upstream memory channel and lets the avro sink take and send
 * it with {@code appendBatch} to the avro source on 127.0.0.1, which commits it into a downstream
 * memory channel before answering OK. A background thread drains the downstream channel. The score is
 * events/s (one operation = one event), so it includes the upstream put, the RPC round trip and both
 * commits.
 *
 * <pre>java -jar bench/jmh/target/benchmarks.jar AvroRpc -f 1 -wi 2 -i 3 -w 3s -r 5s</pre>
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class AvroRpcBenchmark {
    private static final int BATCH = 100;

    @Param({"none", "deflate"})
    public String compression;

    private MemoryChannel upstream;
    private MemoryChannel downstream;
    private AvroSource source;
    private AvroSink sink;
    private Thread drainer;
    private volatile boolean draining;
    private List<Event> batch;

    @Setup(Level.Trial)
    public void setUp() throws Exception {
        upstream = channel("up", 10_000);
        downstream = channel("down", 100_000);
        boolean deflate = compression.equals("deflate");
        source = new AvroSource("r1", new AvroSource.Settings("127.0.0.1", 0, 0, deflate, null, null),
                new SourceCounter("r1"));
        source.start(new Into(downstream));
        sink = new AvroSink("k1", BATCH, new AvroRpcClient.Settings("127.0.0.1", source.localPort(), 20_000, 20_000,
                deflate, 6, null), 0, new SinkCounter("k1"));
        sink.start(upstream);
        draining = true;
        drainer = new Thread(this::drain, "bench-drainer");
        drainer.setDaemon(true);
        drainer.start();
        batch = new ArrayList<>(BATCH);
        for (int i = 0; i < BATCH; i++) {
            byte[] body = new byte[200];
            body[0] = (byte) i;
            batch.add(Event.of(body, Map.of("host", "agent-1.example.com", "timestamp", "1700000000000")));
        }
    }

    private static MemoryChannel channel(String name, int capacity) {
        MemoryChannel c = new MemoryChannel(name, new MemoryChannel.Settings(capacity, 1000,
                MemoryChannel.Settings.defaultByteCapacity(), 20, 3), new ChannelCounter(name));
        c.start();
        return c;
    }

    private void drain() {
        List<Event> into = new ArrayList<>(1000);
        while (draining) {
            try (Transaction tx = downstream.begin()) {
                int n = tx.take(1000, into);
                tx.commit();
                into.clear();
                if (n == 0) {
                    LockSupport.parkNanos(50_000);
                }
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws InterruptedException {
        sink.stop();
        source.stop();
        draining = false;
        drainer.join(5000);
        upstream.stop();
        downstream.stop();
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public Status sendBatch() throws Exception {
        try (Transaction tx = upstream.begin()) {
            tx.put(batch);
            tx.commit();
        }
        return sink.process();
    }

    /** The source's processor: one put transaction per call into the downstream channel. */
    private static final class Into implements ChannelProcessor {
        private final MemoryChannel channel;

        Into(MemoryChannel channel) {
            this.channel = channel;
        }

        @Override
        public void processBatch(List<Event> events) {
            try (Transaction tx = channel.begin()) {
                tx.put(events);
                tx.commit();
            }
        }

        @Override
        public void process(Event event) {
            processBatch(List.of(event));
        }
    }
}
