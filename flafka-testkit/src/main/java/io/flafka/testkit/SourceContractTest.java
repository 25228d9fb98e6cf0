package io.flafka.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.PollableSource;
import io.flafka.api.Source;
import io.flafka.api.Status;
import io.flafka.api.config.Config;
import io.flafka.api.metrics.SourceCounter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * What every source must do, whatever its protocol. A source's test extends this class, names its
 * provider and configuration, and says how to make events arrive ({@link #produce(Source, int)}).
 *
 * <p>The harness builds the component through its {@link ComponentProvider} with a fresh
 * {@link SourceCounter}, starts it against a {@link CollectingChannelProcessor}, and for a
 * {@link PollableSource} runs a minimal runner thread (call {@code process()}, pause briefly after
 * BACKOFF or an exception) standing in for the agent's runner.
 *
 * <p>The contract: stop before start and a second stop are harmless; stop is prompt, also while a
 * source thread is blocked inside the processor; produced events reach the processor; while the
 * processor refuses batches (full or failed) no event the upstream was told is safe is lost, and
 * once it accepts again everything acknowledged arrives, without duplicates when
 * {@link #exactlyOnce()}.
 */
public abstract class SourceContractTest {
    /** How long any awaited condition may take; generous because the machine may be loaded. */
    protected static final Duration PATIENCE = Duration.ofSeconds(30);

    private CollectingChannelProcessor processor;
    private SourceCounter counter;
    private Source source;
    private Thread runner;
    private final AtomicBoolean runnerActive = new AtomicBoolean();

    /** The provider under test. */
    protected abstract ComponentProvider<?> provider();

    /** The component's configuration (prefix stripped), e.g. {@code bind}, {@code port}. */
    protected abstract Map<String, String> config() throws Exception;

    /**
     * Makes {@code n} new events reach the started source and returns the bodies (UTF-8) the upstream
     * was told are safe, in order. A network source sends them and returns those acknowledged; a
     * generator returns the next bodies it promises to deliver. May block until replies arrive.
     */
    protected abstract List<String> produce(Source source, int n) throws Exception;

    /**
     * True when the upstream can learn which events are safe (acks, retries); false for sources such as
     * UDP ones that lose what the channels refuse. Without a guarantee, events produced while the
     * processor refuses are not required to arrive.
     */
    protected boolean hasDeliveryGuarantee() {
        return true;
    }

    /** True when the source never hands the processor the same event twice. */
    protected boolean exactlyOnce() {
        return true;
    }

    /** Creates the component; override to wrap or instrument it. */
    protected Source createSource(ComponentContext context) throws Exception {
        return (Source) provider().create(context);
    }

    /** A context for this component named {@code r1} in agent {@code a1}, validated against the declaration. */
    protected ComponentContext context(Map<String, String> raw, SourceCounter sourceCounter) {
        return new ComponentContext("a1", "r1", ComponentKind.SOURCE, Config.parse(provider().configDef(), raw),
                sourceCounter);
    }

    @BeforeEach
    final void createHarness() throws Exception {
        processor = new CollectingChannelProcessor();
        counter = new SourceCounter("r1");
        source = createSource(context(config(), counter));
    }

    @AfterEach
    final void stopHarness() {
        processor.mode(CollectingChannelProcessor.Mode.ACCEPT);
        stopSource();
    }

    protected final CollectingChannelProcessor processor() {
        return processor;
    }

    protected final SourceCounter counter() {
        return counter;
    }

    protected final Source source() {
        return source;
    }

    /** Starts the source, and the stand-in runner thread for a pollable source. */
    protected final void startSource() throws Exception {
        source.start(processor);
        if (source instanceof PollableSource pollable) {
            runnerActive.set(true);
            runner = new Thread(() -> runLoop(pollable), "contract-runner");
            runner.setDaemon(true);
            runner.start();
        }
    }

    private void runLoop(PollableSource pollable) {
        while (runnerActive.get()) {
            try {
                if (pollable.process() == Status.BACKOFF) {
                    TimeUnit.MILLISECONDS.sleep(Math.max(1, pollable.backoffSleepIncrementMillis()));
                }
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (!runnerActive.get()) {
                    return;
                }
                try {
                    TimeUnit.MILLISECONDS.sleep(5);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    /** Stops the source the way the agent does: stop the runner loop, stop the source, interrupt, join. */
    protected final void stopSource() {
        runnerActive.set(false);
        source.stop();
        if (runner != null) {
            runner.interrupt();
            try {
                runner.join(PATIENCE.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            assertThat(runner.isAlive()).as("runner thread ended").isFalse();
            runner = null;
        }
    }

    @Test
    void stopBeforeStartAndRepeatedStopAreHarmless() throws Exception {
        assertThatCode(source::stop).doesNotThrowAnyException();
        startSource();
        stopWithin(PATIENCE);
        assertThatCode(source::stop).doesNotThrowAnyException();
    }

    @Test
    void idleStopIsPrompt() throws Exception {
        startSource();
        stopWithin(PATIENCE);
    }

    @Test
    void producedEventsReachTheProcessor() throws Exception {
        startSource();
        List<String> acked = produce(source, 25);
        assertThat(acked).hasSize(25);
        awaitAll(acked);
        assertThat(counter.get(SourceCounter.EVENT_RECEIVED)).isGreaterThanOrEqualTo(acked.size());
        checkNoDuplicates();
    }

    @ParameterizedTest
    @EnumSource(value = CollectingChannelProcessor.Mode.class, names = {"FULL", "FAIL"})
    void refusingProcessorNeverLosesAcknowledgedEvents(CollectingChannelProcessor.Mode refusal) throws Exception {
        processor.mode(refusal);
        startSource();
        List<String> acked = new ArrayList<>();
        List<String> duringRefusal = produce(source, 10);
        if (hasDeliveryGuarantee()) {
            acked.addAll(duringRefusal);
        }
        Awaitility.await().atMost(PATIENCE).until(() -> processor.refused() > 0);
        assertThat(processor.count()).as("nothing is accepted while the processor refuses").isZero();
        processor.mode(CollectingChannelProcessor.Mode.ACCEPT);
        acked.addAll(produce(source, 10));
        assertThat(acked).as("events produced once the processor accepts are acknowledged").hasSizeGreaterThanOrEqualTo(10);
        awaitAll(acked);
        checkNoDuplicates();
    }

    @Test
    void stopIsPromptWhileBlockedInTheProcessor() throws Exception {
        processor.mode(CollectingChannelProcessor.Mode.BLOCK);
        startSource();
        CompletableFuture<Void> producing = inThread("contract-producer", () -> {
            try {
                produce(source, 1);
            } catch (Exception e) {
                // the source was stopped under the producer: expected
            }
        });
        Awaitility.await().atMost(PATIENCE).until(() -> processor.blockedCallers() > 0);
        stopWithin(PATIENCE);
        processor.mode(CollectingChannelProcessor.Mode.ACCEPT);
        Awaitility.await("producer ends").atMost(PATIENCE).until(producing::isDone);
        assertThat(processor.count()).as("nothing blocked was accepted after stop").isZero();
    }

    /** Stops the source from another thread and fails if that takes longer than {@code limit}. */
    protected final void stopWithin(Duration limit) {
        CompletableFuture<Void> stopping = inThread("contract-stopper", this::stopSource);
        Awaitility.await("stop returns").atMost(limit).until(stopping::isDone);
        stopping.join();
    }

    /** Runs {@code task} on a new daemon thread (not a shared pool, which a blocked task could starve). */
    protected static CompletableFuture<Void> inThread(String name, Runnable task) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                task.run();
                done.complete(null);
            } catch (Throwable e) {
                done.completeExceptionally(e);
            }
        }, name);
        t.setDaemon(true);
        t.start();
        return done;
    }

    /** Waits until every body of {@code expected} was accepted, and checks they keep their relative order. */
    protected final void awaitAll(List<String> expected) {
        Awaitility.await().atMost(PATIENCE).untilAsserted(
                () -> assertThat(processor.bodies()).containsAll(expected));
        List<String> got = processor.bodies();
        int last = -1;
        for (String body : expected) {
            int at = got.indexOf(body);
            assertThat(at).as("order of " + body).isGreaterThan(last);
            last = at;
        }
    }

    private void checkNoDuplicates() {
        if (!exactlyOnce()) {
            return;
        }
        Set<String> seen = new HashSet<>();
        for (String body : processor.bodies()) {
            assertThat(seen.add(body)).as("delivered once: " + body).isTrue();
        }
    }
}
