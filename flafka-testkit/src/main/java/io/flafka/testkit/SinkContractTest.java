package io.flafka.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Event;
import io.flafka.api.Sink;
import io.flafka.api.Status;
import io.flafka.api.config.Config;
import io.flafka.api.metrics.SinkCounter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every sink must do. A sink's test extends this class, names its provider and configuration,
 * and, when it can, says what was delivered ({@link #delivered()}) and how to make delivery fail
 * ({@link #breakDelivery(Sink)}).
 *
 * <p>The harness builds the sink through its provider with a fresh {@link SinkCounter}, starts it on
 * a {@link SimpleTestChannel}, and calls {@code process()} itself (standing in for the runner).
 *
 * <p>The contract: a channel of N events is drained exactly once and counted; an empty channel gives
 * BACKOFF; a failed take, a failed commit and a failed delivery each leave every event in the channel
 * and no transaction open; stop is prompt and repeatable.
 */
public abstract class SinkContractTest {
    protected static final Duration PATIENCE = Duration.ofSeconds(30);

    private SimpleTestChannel channel;
    private SinkCounter counter;
    private Sink sink;

    /** The provider under test. */
    protected abstract ComponentProvider<?> provider();

    /** The configuration (prefix stripped); should set the batch size to {@link #batchSize()}. */
    protected abstract Map<String, String> config() throws Exception;

    /** The batch size {@link #config()} sets. */
    protected int batchSize() {
        return 100;
    }

    /** The bodies delivered so far, in order, or null when the sink's output cannot be observed. */
    protected List<String> delivered() throws Exception {
        return null;
    }

    /** Makes the next deliveries fail; returns false when this sink cannot fail to deliver. */
    protected boolean breakDelivery(Sink s) throws Exception {
        return false;
    }

    /** Undoes {@link #breakDelivery(Sink)}. */
    protected void repairDelivery(Sink s) throws Exception {
    }

    /** Creates the component; override to wrap or instrument it. */
    protected Sink createSink(ComponentContext context) throws Exception {
        return (Sink) provider().create(context);
    }

    /** A context for this sink named {@code k1} in agent {@code a1}. */
    protected ComponentContext context(Map<String, String> raw, SinkCounter sinkCounter) {
        return new ComponentContext("a1", "k1", ComponentKind.SINK, Config.parse(provider().configDef(), raw),
                sinkCounter);
    }

    @BeforeEach
    final void createHarness() throws Exception {
        channel = new SimpleTestChannel();
        counter = new SinkCounter("k1");
        sink = createSink(context(config(), counter));
    }

    @AfterEach
    final void stopHarness() {
        sink.stop();
    }

    protected final SimpleTestChannel channel() {
        return channel;
    }

    protected final SinkCounter counter() {
        return counter;
    }

    protected final Sink sink() {
        return sink;
    }

    /** Puts {@code n} events with bodies {@code prefix0 .. prefix(n-1)} and returns the bodies. */
    protected final List<String> fill(String prefix, int n) {
        List<Event> events = new ArrayList<>(n);
        List<String> bodies = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String body = prefix + i;
            bodies.add(body);
            events.add(Event.of(body.getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.of("i", Integer.toString(i))));
            if (events.size() == 500) {
                channel.putAll(events);
                events.clear();
            }
        }
        channel.putAll(events);
        return bodies;
    }

    /** Calls process() until it reports BACKOFF; returns how many calls returned READY. */
    protected final int drain() throws Exception {
        int ready = 0;
        long limit = channel.size() + 10;
        while (sink.process() == Status.READY) {
            ready++;
            assertThat(ready).as("process() calls for a finite channel").isLessThanOrEqualTo((int) limit);
        }
        return ready;
    }

    @Test
    void drainsEveryEventExactlyOnce() throws Exception {
        sink.start(channel);
        int n = batchSize() * 2 + 7;
        List<String> bodies = fill("e-", n);
        int ready = drain();
        assertThat(channel.size()).isZero();
        assertThat(channel.openTransactions()).isZero();
        assertThat(ready).isEqualTo(3);
        assertThat(counter.get(SinkCounter.DRAIN_SUCCESS)).isEqualTo(n);
        assertThat(counter.get(SinkCounter.BATCH_COMPLETE)).isEqualTo(2);
        assertThat(counter.get(SinkCounter.BATCH_UNDERFLOW)).isEqualTo(1);
        List<String> out = delivered();
        if (out != null) {
            assertThat(out).containsExactlyElementsOf(bodies);
        }
    }

    @Test
    void emptyChannelBacksOff() throws Exception {
        sink.start(channel);
        assertThat(sink.process()).isEqualTo(Status.BACKOFF);
        assertThat(counter.get(SinkCounter.BATCH_EMPTY)).isEqualTo(1);
        assertThat(channel.openTransactions()).isZero();
    }

    @Test
    void failedTakeLeavesEventsInTheChannel() throws Exception {
        sink.start(channel);
        List<String> bodies = fill("t-", 10);
        channel.failTakes(1);
        assertThatThrownBy(sink::process).isInstanceOf(Exception.class);
        assertThat(channel.bodies()).containsExactlyElementsOf(bodies);
        assertThat(channel.openTransactions()).isZero();
        drain();
        assertThat(channel.size()).isZero();
    }

    @Test
    void failedCommitLeavesEventsInTheChannel() throws Exception {
        sink.start(channel);
        List<String> bodies = fill("c-", 10);
        channel.failCommits(1);
        assertThatThrownBy(sink::process).isInstanceOf(Exception.class);
        assertThat(channel.bodies()).containsExactlyElementsOf(bodies);
        assertThat(channel.openTransactions()).isZero();
        drain();
        assertThat(channel.size()).isZero();
        List<String> out = delivered();
        if (out != null) {
            assertThat(out).containsAll(bodies);
        }
    }

    @Test
    void failedDeliveryRollsBack() throws Exception {
        sink.start(channel);
        if (!breakDelivery(sink)) {
            return;
        }
        List<String> bodies = fill("d-", 10);
        assertThatThrownBy(sink::process).isInstanceOf(Exception.class);
        assertThat(channel.bodies()).containsExactlyElementsOf(bodies);
        assertThat(channel.openTransactions()).isZero();
        assertThat(counter.get(SinkCounter.DRAIN_SUCCESS)).isZero();
        assertThat(counter.get(SinkCounter.EVENT_WRITE_FAIL)).isPositive();
        repairDelivery(sink);
        drain();
        assertThat(channel.size()).isZero();
        List<String> out = delivered();
        if (out != null) {
            assertThat(out).containsAll(bodies);
        }
    }

    @Test
    void stopIsPromptAndRepeatable() throws Exception {
        sink.start(channel);
        fill("s-", 5);
        sink.process();
        CompletableFuture<Void> stopping = SourceContractTest.inThread("contract-stopper", sink::stop);
        Awaitility.await("stop returns").atMost(PATIENCE).until(stopping::isDone);
        stopping.join();
        assertThatCode(sink::stop).doesNotThrowAnyException();
    }
}
