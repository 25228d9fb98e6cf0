package io.flafka.core.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.EventDeliveryException;
import io.flafka.api.Status;
import io.flafka.api.config.ConfigException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class FailoverSinkProcessorTest {
    private final FailoverSinkProcessor.Provider provider = new FailoverSinkProcessor.Provider();
    private final Processors p = new Processors();
    private final AtomicLong now = new AtomicLong(1_000_000);

    private FailoverSinkProcessor processor(Map<String, String> conf, String... sinks) {
        FailoverSinkProcessor sp = new FailoverSinkProcessor(Processors.context(provider, conf), now::get);
        sp.initialize(p.sinks(sinks));
        return sp;
    }

    @Test
    void providerNamesMatchFlume() {
        assertThat(provider.type()).isEqualTo("failover");
        assertThat(provider.aliases()).containsExactly("org.apache.flume.sink.FailoverSinkProcessor");
        assertThat(provider.configDef().keys()).containsKey("maxpenalty");
        assertThat(provider.configDef().prefixes()).containsKey("priority.");
    }

    @Test
    void usesTheHighestPriorityHealthySink() throws Exception {
        FailoverSinkProcessor sp = processor(Map.of("priority.k1", "5", "priority.k2", "10", "priority.k3", "-1"),
                "k1", "k2", "k3");
        assertThat(sp.ranked()).extracting(m -> m.name).containsExactly("k2", "k1", "k3");
        assertThat(sp.process()).isEqualTo(Status.READY);
        sp.process();
        assertThat(p.calls()).containsExactly("k2", "k2");
    }

    @Test
    void sinksWithoutPriorityComeLastInConfiguredOrderAndTiesKeepBoth() {
        FailoverSinkProcessor sp = processor(Map.of("priority.k3", "1", "priority.k4", "1"), "k1", "k2", "k3", "k4");
        assertThat(sp.ranked()).extracting(m -> m.name).containsExactly("k3", "k4", "k1", "k2");
    }

    @Test
    void failedSinkIsParkedAndTheNextIsTriedInTheSameCall() throws Exception {
        FailoverSinkProcessor sp = processor(Map.of("priority.k1", "10", "priority.k2", "5"), "k1", "k2");
        p.sink("k1").failing = true;
        p.sink("k2").status = Status.BACKOFF;
        assertThat(sp.process()).isEqualTo(Status.BACKOFF);
        assertThat(p.calls()).containsExactly("k1", "k2");
        // k1 is parked for 2^1 x 1000 ms: not tried meanwhile.
        now.addAndGet(1999);
        sp.process();
        assertThat(p.calls()).containsExactly("k2");
    }

    @Test
    void penaltyGrowsExponentiallyUpToMaxPenaltyAndResetsOnRecovery() throws Exception {
        FailoverSinkProcessor sp = processor(Map.of("priority.k1", "10", "priority.k2", "5", "maxpenalty", "5000"),
                "k1", "k2");
        p.sink("k1").failing = true;
        long[] expected = {2000, 4000, 5000, 5000};
        for (long penalty : expected) {
            sp.process();
            assertThat(p.calls()).containsExactly("k1", "k2");
            now.addAndGet(penalty - 1);
            sp.process();
            assertThat(p.calls()).as("parked for %d ms", penalty).containsExactly("k2");
            now.addAndGet(1);
        }
        // Recovery: the preferred sink is retried once its penalty expires and takes over again.
        p.sink("k1").failing = false;
        sp.process();
        assertThat(p.calls()).containsExactly("k1");
        p.sink("k1").failing = true;
        sp.process();
        assertThat(p.calls()).containsExactly("k1", "k2");
        now.addAndGet(1999);
        sp.process();
        assertThat(p.calls()).as("failure count was reset: back to 2 s").containsExactly("k2");
        now.addAndGet(1);
        sp.process();
        assertThat(p.calls()).containsExactly("k1", "k2");
    }

    @Test
    void throwsOnlyWhenEverySinkFailed() throws Exception {
        FailoverSinkProcessor sp = processor(Map.of(), "k1", "k2", "k3");
        p.sink("k1").failing = true;
        p.sink("k2").failing = true;
        assertThat(sp.process()).isEqualTo(Status.READY);
        assertThat(p.calls()).containsExactly("k1", "k2", "k3");
        p.sink("k3").failing = true;
        assertThatThrownBy(sp::process).isInstanceOf(EventDeliveryException.class)
                .hasMessageContaining("all sinks").hasRootCauseMessage("k3 is down");
        assertThat(p.calls()).containsExactly("k3");
        // All parked now: nothing is tried, still an exception so the runner backs off.
        assertThatThrownBy(sp::process).isInstanceOf(EventDeliveryException.class).hasMessageContaining("parked");
        assertThat(p.calls()).isEmpty();
    }

    @Test
    void badPriorityConfig() {
        assertThatThrownBy(() -> processor(Map.of("priority.k9", "1"), "k1"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("a1.sinkgroups.g1.processor.priority.k9");
        assertThatThrownBy(() -> processor(Map.of("priority.k1", "high"), "k1"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("priority.k1: 'high' is not an integer");
        assertThatThrownBy(() -> Processors.context(provider, Map.of("maxpenalty", "-1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("maxpenalty");
    }

    @Test
    void providerCreatesAWorkingProcessor() throws Exception {
        var sp = provider.create(Processors.context(provider, Map.of()));
        sp.initialize(p.sinks("k1"));
        assertThat(sp.process()).isEqualTo(Status.READY);
        assertThat(p.calls()).isEqualTo(List.of("k1"));
    }
}
