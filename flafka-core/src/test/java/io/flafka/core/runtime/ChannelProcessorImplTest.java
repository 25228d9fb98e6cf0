package io.flafka.core.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.flafka.api.Channel;
import io.flafka.api.ChannelException;
import io.flafka.api.ChannelSelector;
import io.flafka.api.Event;
import io.flafka.api.Interceptor;
import io.flafka.api.PreparedBatch;
import io.flafka.api.Transaction;
import io.flafka.api.metrics.ChannelCounter;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.core.channel.MemoryChannel;
import io.flafka.core.runtime.TestComponents.BrokenChannel;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ChannelProcessorImplTest {
    private final SourceCounter counter = new SourceCounter("r1");

    private static MemoryChannel memory(String name, int keepAlive) {
        MemoryChannel c = new MemoryChannel(name, new MemoryChannel.Settings(100, 100, 0, 20, keepAlive),
                new ChannelCounter(name));
        c.start();
        return c;
    }

    /** Routes with fixed required and optional channel lists. */
    private static ChannelSelector selector(List<String> required, List<String> optional) {
        return new ChannelSelector() {
            @Override
            public void initialize(Map<String, Channel> channels) {
            }

            @Override
            public Routing route(List<Event> events) {
                Map<String, List<Event>> req = new LinkedHashMap<>();
                required.forEach(n -> req.put(n, events));
                Map<String, List<Event>> opt = new LinkedHashMap<>();
                optional.forEach(n -> opt.put(n, events));
                return new Routing(req, opt);
            }
        };
    }

    private static List<Event> batch(String... bodies) {
        List<Event> out = new ArrayList<>();
        for (String b : bodies) {
            out.add(Event.ofString(b));
        }
        return out;
    }

    private static List<String> drain(Channel c) {
        List<Event> got = new ArrayList<>();
        try (Transaction tx = c.begin()) {
            tx.take(100, got);
            tx.commit();
        }
        return got.stream().map(Event::bodyAsString).toList();
    }

    private static Map<String, Channel> channels(Channel... cs) {
        Map<String, Channel> m = new LinkedHashMap<>();
        for (int i = 0; i < cs.length; i++) {
            m.put("c" + (i + 1), cs[i]);
        }
        return m;
    }

    @Test
    void interceptorsRunInOrderAndDropsAreStillAccepted() {
        MemoryChannel c1 = memory("c1", 0);
        Interceptor tag = e -> {
            e.header("seen", e.header("seen") == null ? "a" : e.header("seen") + "a");
            return e;
        };
        Interceptor dropB = e -> e.bodyAsString().startsWith("b") ? null : e;
        Interceptor tag2 = e -> {
            e.header("seen", e.header("seen") + "b");
            return e;
        };
        ChannelProcessorImpl p = new ChannelProcessorImpl("r1", List.of("r1.i1", "r1.i2", "r1.i3"),
                List.of(tag, dropB, tag2), selector(List.of("c1"), List.of()), channels(c1), counter);
        p.processBatch(batch("a1", "b1", "a2"));
        List<Event> got = new ArrayList<>();
        try (Transaction tx = c1.begin()) {
            tx.take(10, got);
            tx.commit();
        }
        assertThat(got).extracting(Event::bodyAsString).containsExactly("a1", "a2");
        assertThat(got).allSatisfy(e -> assertThat(e.header("seen")).isEqualTo("ab"));
        assertThat(counter.get(SourceCounter.EVENT_ACCEPTED)).isEqualTo(3);
    }

    @Test
    void allDroppedMeansNothingWrittenButAccepted() {
        BrokenChannel broken = new BrokenChannel();
        ChannelProcessorImpl p = new ChannelProcessorImpl("r1", List.of("r1.i1"), List.of(e -> null),
                selector(List.of("c1"), List.of()), channels(broken), counter);
        p.processBatch(batch("x", "y"));
        assertThat(broken.begun).hasValue(0);
        assertThat(counter.get(SourceCounter.EVENT_ACCEPTED)).isEqualTo(2);
    }

    @Test
    void failingInterceptorFailsTheBatchNotThePipeline() {
        MemoryChannel c1 = memory("c1", 0);
        AtomicInteger calls = new AtomicInteger();
        Interceptor flaky = e -> {
            if (calls.incrementAndGet() == 1) {
                throw new IllegalArgumentException("bad event");
            }
            return e;
        };
        ChannelProcessorImpl p = new ChannelProcessorImpl("r1", List.of("r1.flaky"), List.of(flaky),
                selector(List.of("c1"), List.of()), channels(c1), counter);
        assertThatThrownBy(() -> p.processBatch(batch("e1")))
                .isInstanceOf(ChannelException.class)
                .hasMessageContaining("r1.flaky")
                .hasCauseInstanceOf(IllegalArgumentException.class);
        assertThat(counter.get(SourceCounter.GENERIC_PROCESSING_FAIL)).isEqualTo(1);
        assertThat(counter.get(SourceCounter.EVENT_ACCEPTED)).isZero();
        p.processBatch(batch("e1")); // the source's retry goes through
        assertThat(drain(c1)).containsExactly("e1");
        assertThat(counter.get(SourceCounter.EVENT_ACCEPTED)).isEqualTo(1);
    }

    @Test
    void failedRequiredChannelIsRethrownUnchangedAndLaterOnesAreNotTried() {
        MemoryChannel c1 = memory("c1", 0);
        BrokenChannel c2 = new BrokenChannel();
        BrokenChannel c3 = new BrokenChannel();
        ChannelProcessorImpl p = new ChannelProcessorImpl("r1", List.of(), List.of(),
                selector(List.of("c1", "c2", "c3"), List.of()), channels(c1, c2, c3), counter);
        Throwable t = catchThrowable(() -> p.processBatch(batch("e1", "e2")));
        assertThat(t).isExactlyInstanceOf(ChannelException.class).hasMessageContaining("test-broken");
        assertThat(c3.commits).hasValue(0);   // prepared with the others, then rolled back
        assertThat(c3.closed).hasValue(c3.begun.get());
        assertThat(counter.get(SourceCounter.CHANNEL_WRITE_FAIL)).isEqualTo(1);
        assertThat(counter.get(SourceCounter.EVENT_ACCEPTED)).isZero();
        assertThat(drain(c1)).containsExactly("e1", "e2"); // committed before c2 failed, as in Flume
    }

    @Test
    void fullRequiredChannelSurfacesAsChannelFullException() {
        MemoryChannel small = new MemoryChannel("c1", new MemoryChannel.Settings(2, 2, 0, 20, 0),
                new ChannelCounter("c1"));
        small.start();
        ChannelProcessorImpl p = new ChannelProcessorImpl("r1", List.of(), List.of(),
                selector(List.of("c1"), List.of()), channels(small), counter);
        p.processBatch(batch("a", "b"));
        assertThatThrownBy(() -> p.process(Event.ofString("c"))).isInstanceOf(io.flafka.api.ChannelFullException.class);
        assertThat(counter.get(SourceCounter.CHANNEL_WRITE_FAIL)).isEqualTo(1);
        assertThat(counter.get(SourceCounter.EVENT_ACCEPTED)).isEqualTo(2);
    }

    @Test
    void failedOptionalChannelIsCountedNotThrown() {
        MemoryChannel c1 = memory("c1", 0);
        BrokenChannel c2 = new BrokenChannel();
        MemoryChannel c3 = memory("c3", 0);
        ChannelProcessorImpl p = new ChannelProcessorImpl("r1", List.of(), List.of(),
                selector(List.of("c1"), List.of("c2", "c3")), channels(c1, c2, c3), counter);
        p.processBatch(batch("e1"));
        assertThat(drain(c1)).containsExactly("e1");
        assertThat(drain(c3)).containsExactly("e1");
        assertThat(counter.get(ChannelProcessorImpl.OPTIONAL_CHANNEL_WRITE_FAIL)).isEqualTo(1);
        assertThat(counter.get(SourceCounter.CHANNEL_WRITE_FAIL)).isZero();
        assertThat(counter.get(SourceCounter.EVENT_ACCEPTED)).isEqualTo(1);
    }

    @Test
    void unknownChannelFromSelectorFailsTheBatch() {
        ChannelProcessorImpl p = new ChannelProcessorImpl("r1", List.of(), List.of(),
                selector(List.of("nope"), List.of()), channels(memory("c1", 0)), counter);
        assertThatThrownBy(() -> p.processBatch(batch("e"))).isInstanceOf(ChannelException.class)
                .hasMessageContaining("nope");
        assertThat(counter.get(SourceCounter.CHANNEL_WRITE_FAIL)).isEqualTo(1);
    }

    @Test
    void preparedBatchIsInvisibleUntilCommittedOnAnotherThread() throws Exception {
        MemoryChannel c1 = memory("c1", 0);
        MemoryChannel c2 = memory("c2", 0);
        ChannelProcessorImpl p = new ChannelProcessorImpl("r1", List.of(), List.of(),
                selector(List.of("c1", "c2"), List.of()), channels(c1, c2), counter);
        PreparedBatch prepared = p.prepareBatch(batch("e1", "e2"));
        assertThat(c1.size()).isZero();
        assertThat(counter.get(SourceCounter.EVENT_ACCEPTED)).isZero();
        Thread committer = new Thread(prepared::commit);
        committer.start();
        committer.join();
        assertThat(drain(c1)).containsExactly("e1", "e2");
        assertThat(drain(c2)).containsExactly("e1", "e2");
        assertThat(counter.get(SourceCounter.EVENT_ACCEPTED)).isEqualTo(2);
        assertThatThrownBy(prepared::commit).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void abortedBatchLeavesNothingAndCanBeProcessedAgain() {
        MemoryChannel c1 = memory("c1", 0);
        ChannelProcessorImpl p = new ChannelProcessorImpl("r1", List.of(), List.of(),
                selector(List.of("c1"), List.of()), channels(c1), counter);
        List<Event> events = batch("e1", "e2");
        p.prepareBatch(events).abort();
        assertThat(c1.size()).isZero();
        assertThat(counter.get(SourceCounter.EVENT_ACCEPTED)).isZero();
        p.processBatch(events);
        assertThat(drain(c1)).containsExactly("e1", "e2");
    }

    @Test
    void failedPutWhilePreparingRollsBackTheChannelsAlreadyFilled() {
        MemoryChannel c1 = memory("c1", 0);
        MemoryChannel tiny = new MemoryChannel("c2", new MemoryChannel.Settings(100, 1, 0, 20, 0),
                new ChannelCounter("c2"));
        tiny.start();
        ChannelProcessorImpl p = new ChannelProcessorImpl("r1", List.of(), List.of(),
                selector(List.of("c1", "c2"), List.of()), channels(c1, tiny), counter);
        assertThatThrownBy(() -> p.prepareBatch(batch("e1", "e2"))).isInstanceOf(ChannelException.class)
                .hasMessageContaining("transactionCapacity");
        assertThat(counter.get(SourceCounter.CHANNEL_WRITE_FAIL)).isEqualTo(1);
        p.processBatch(batch("x"));
        assertThat(drain(c1)).containsExactly("x");
    }
}
