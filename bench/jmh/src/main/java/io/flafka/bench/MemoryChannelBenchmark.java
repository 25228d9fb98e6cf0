package io.flafka.bench;

import io.flafka.api.ChannelFullException;
import io.flafka.api.Event;
import io.flafka.api.Transaction;
import io.flafka.api.metrics.ChannelCounter;
import io.flafka.core.channel.MemoryChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Memory channel throughput with one putting and one taking thread, in batches of 100 and 1000
 * events of 200 bytes (no headers). The events/s figures are the {@code putEvents} and
 * {@code takenEvents} secondary results (auxiliary counters); the primary score counts transactions.
 *
 * <p>The putter reuses one prepared batch (the channel stores references, so this measures the channel,
 * not event creation). The channel holds ten batches; a full channel makes the putter retry, an empty
 * one makes the taker yield and retry, as a source and a sink would.
 *
 * <pre>java -jar bench/jmh/target/benchmarks.jar MemoryChannel -f 1 -wi 2 -i 3 -w 2s -r 3s</pre>
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class MemoryChannelBenchmark {

    /** The channel shared by the group's two threads. */
    @State(Scope.Group)
    public static class Shared {
        @Param({"100", "1000"})
        public int batch;

        MemoryChannel channel;

        @Setup(Level.Trial)
        public void setUp() {
            channel = new MemoryChannel("bench", new MemoryChannel.Settings(batch * 10, batch,
                    MemoryChannel.Settings.defaultByteCapacity(), 20, 1), new ChannelCounter("bench"));
            channel.start();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            channel.stop();
        }
    }

    /** The putter's prepared batch. */
    @State(Scope.Thread)
    public static class PutSide {
        List<Event> events;

        @Setup(Level.Trial)
        public void setUp(Shared shared) {
            events = new ArrayList<>(shared.batch);
            for (int i = 0; i < shared.batch; i++) {
                byte[] body = new byte[200];
                body[0] = (byte) i;
                events.add(Event.of(body));
            }
        }
    }

    /** The taker's reusable list. */
    @State(Scope.Thread)
    public static class TakeSide {
        List<Event> into;

        @Setup(Level.Trial)
        public void setUp(Shared shared) {
            into = new ArrayList<>(shared.batch);
        }
    }

    /** Events moved, reported per second next to the primary score. */
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    @State(Scope.Thread)
    public static class Moved {
        public long putEvents;
        public long takenEvents;

        @Setup(Level.Iteration)
        public void reset() {
            putEvents = 0;
            takenEvents = 0;
        }
    }

    @Benchmark
    @Group("putTake")
    @GroupThreads(1)
    public void put(Shared shared, PutSide side, Moved moved) {
        try (Transaction tx = shared.channel.begin()) {
            tx.put(side.events);
            tx.commit();
            moved.putEvents += side.events.size();
        } catch (ChannelFullException full) {
            Thread.onSpinWait();
        }
    }

    @Benchmark
    @Group("putTake")
    @GroupThreads(1)
    public int take(Shared shared, TakeSide side, Moved moved) {
        List<Event> into = side.into;
        into.clear();
        int n;
        try (Transaction tx = shared.channel.begin()) {
            n = tx.take(shared.batch, into);
            tx.commit();
        }
        moved.takenEvents += n;
        if (n == 0) {
            Thread.yield(); // an idle sink backs off; on a shared CPU this lets the putter run
        }
        return n;
    }
}
