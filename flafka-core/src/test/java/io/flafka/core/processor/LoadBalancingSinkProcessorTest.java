package io.flafka.core.processor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.EventDeliveryException;
import io.flafka.api.Status;
import io.flafka.api.config.ConfigException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class LoadBalancingSinkProcessorTest {
    private final LoadBalancingSinkProcessor.Provider provider = new LoadBalancingSinkProcessor.Provider();
    private final Processors p = new Processors();
    private final AtomicLong now = new AtomicLong(5_000_000);

    private LoadBalancingSinkProcessor processor(Map<String, String> conf, String... sinks) {
        LoadBalancingSinkProcessor sp = new LoadBalancingSinkProcessor(Processors.context(provider, conf), now::get);
        sp.initialize(p.sinks(sinks));
        return sp;
    }

    @Test
    void providerNamesMatchFlume() {
        assertThat(provider.type()).isEqualTo("load_balance");
        assertThat(provider.aliases()).containsExactly("org.apache.flume.sink.LoadBalancingSinkProcessor");
        assertThat(provider.configDef().keys()).containsKeys("selector", "backoff", "selector.maxTimeOut");
    }

    @Test
    void roundRobinRotatesTheSinks() throws Exception {
        LoadBalancingSinkProcessor sp = processor(Map.of(), "k1", "k2", "k3");
        for (int i = 0; i < 6; i++) {
            sp.process();
        }
        assertThat(p.calls()).containsExactly("k1", "k2", "k3", "k1", "k2", "k3");
    }

    @Test
    void triesTheNextSinkOnFailureAndThrowsOnlyIfAllFail() throws Exception {
        LoadBalancingSinkProcessor sp = processor(Map.of(), "k1", "k2", "k3");
        p.sink("k1").failing = true;
        p.sink("k2").status = Status.BACKOFF;
        assertThat(sp.process()).isEqualTo(Status.BACKOFF);
        assertThat(p.calls()).containsExactly("k1", "k2");
        // Without backoff a failed sink stays in the rotation.
        sp.process();
        sp.process();
        sp.process();
        assertThat(p.calls()).containsExactly("k2", "k3", "k1", "k2");
        p.sink("k2").failing = true;
        p.sink("k3").failing = true;
        assertThatThrownBy(sp::process).isInstanceOf(EventDeliveryException.class).hasMessageContaining("all sinks");
        assertThat(p.calls()).containsExactlyInAnyOrder("k1", "k2", "k3");
    }

    @Test
    void backoffBlacklistsExponentiallyUpToMaxTimeOut() throws Exception {
        LoadBalancingSinkProcessor sp = processor(Map.of("backoff", "true", "selector.maxTimeOut", "3000"),
                "k1", "k2");
        p.sink("k1").failing = true;
        sp.process();
        assertThat(p.calls()).containsExactly("k1", "k2");
        now.addAndGet(1999);
        sp.process();
        sp.process();
        assertThat(p.calls()).as("k1 out for 2 s").containsExactly("k2", "k2");
        now.addAndGet(1);
        sp.process();
        sp.process();
        assertThat(p.calls()).as("k1 back in the rotation, fails again").containsExactly("k2", "k1", "k2");
        now.addAndGet(2999);
        sp.process();
        assertThat(p.calls()).as("second failure: capped at maxTimeOut 3 s").containsExactly("k2");
        now.addAndGet(1);
        p.sink("k1").failing = false;
        sp.process();
        sp.process();
        assertThat(p.calls()).as("recovered k1 is back in the rotation").containsExactlyInAnyOrder("k1", "k2");
    }

    @Test
    void allSinksBackedOffThrowsWithoutCallingThem() throws Exception {
        LoadBalancingSinkProcessor sp = processor(Map.of("backoff", "true"), "k1", "k2");
        p.sink("k1").failing = true;
        p.sink("k2").failing = true;
        assertThatThrownBy(sp::process).isInstanceOf(EventDeliveryException.class);
        p.calls();
        assertThatThrownBy(sp::process).isInstanceOf(EventDeliveryException.class).hasMessageContaining("backed off");
        assertThat(p.calls()).isEmpty();
    }

    @Test
    void randomTriesEverySinkOnceBeforeGivingUp() throws Exception {
        LoadBalancingSinkProcessor sp = processor(Map.of("selector", "random"), "k1", "k2", "k3", "k4");
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 200; i++) {
            sp.process();
        }
        seen.addAll(p.calls());
        assertThat(seen).containsExactlyInAnyOrder("k1", "k2", "k3", "k4");
        p.fakes.values().forEach(s -> s.failing = true);
        assertThatThrownBy(sp::process).isInstanceOf(EventDeliveryException.class);
        assertThat(p.calls()).containsExactlyInAnyOrder("k1", "k2", "k3", "k4");
    }

    @Test
    void badConfig() {
        assertThatThrownBy(() -> Processors.context(provider, Map.of("selector", "round robin")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("selector")
                .hasMessageContaining(SinkSelector.class.getName());
        assertThatThrownBy(() -> Processors.context(provider, Map.of("backoff", "yes")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("backoff");
    }

    /** Tries the sink named by selector.first first, then the others in order; records what it hears. */
    public static final class FirstSelector implements SinkSelector {
        static final List<String> HEARD = new ArrayList<>();
        private int[] order;

        @Override
        public void configure(List<String> sinkNames, Map<String, String> properties) {
            String first = properties.get("first");
            if (!sinkNames.contains(first)) {
                throw new IllegalArgumentException("first = " + first + " is not a sink of the group");
            }
            HEARD.add("configure " + sinkNames + " " + new TreeMap<>(properties));
            order = new int[sinkNames.size()];
            order[0] = sinkNames.indexOf(first);
            for (int i = 0, n = 1; i < sinkNames.size(); i++) {
                if (i != order[0]) {
                    order[n++] = i;
                }
            }
        }

        @Override
        public int[] order(long nowMillis) {
            return order.clone();
        }

        @Override
        public void failed(int index, long nowMillis) {
            HEARD.add("failed " + index);
        }

        @Override
        public void succeeded(int index) {
            HEARD.add("succeeded " + index);
        }
    }

    @Test
    void aCustomSelectorClassOrdersTheSinksAndHearsTheOutcome() throws Exception {
        FirstSelector.HEARD.clear();
        LoadBalancingSinkProcessor sp = processor(Map.of("selector", FirstSelector.class.getName(),
                "selector.first", "k3", "selector.maxTimeOut", "7000"), "k1", "k2", "k3");
        assertThat(FirstSelector.HEARD).containsExactly("configure [k1, k2, k3] {first=k3, maxTimeOut=7000}");
        sp.process();
        sp.process();
        assertThat(p.calls()).containsExactly("k3", "k3");
        p.sink("k3").failing = true;
        sp.process();
        assertThat(p.calls()).containsExactly("k3", "k1");
        assertThat(FirstSelector.HEARD).containsSubsequence("succeeded 2", "succeeded 2", "failed 2", "succeeded 0");
    }

    @Test
    void backoffStillLeavesFailedSinksOutOfACustomOrder() throws Exception {
        LoadBalancingSinkProcessor sp = processor(Map.of("selector", FirstSelector.class.getName(),
                "selector.first", "k2", "backoff", "true"), "k1", "k2");
        p.sink("k2").failing = true;
        sp.process();
        assertThat(p.calls()).containsExactly("k2", "k1");
        sp.process();
        assertThat(p.calls()).as("k2 is backed off for 2 s").containsExactly("k1");
        now.addAndGet(2000);
        p.sink("k2").failing = false;
        sp.process();
        assertThat(p.calls()).containsExactly("k2");
    }

    /** Not a selector. */
    public static final class NotASelector {
    }

    @Test
    void badSelectorClassesAreConfigErrorsNamingTheKey() {
        assertThatThrownBy(() -> processor(Map.of("selector", "com.example.MissingSelector"), "k1"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("a1.sinkgroups.g1.processor.selector")
                .hasMessageContaining("not found");
        assertThatThrownBy(() -> processor(Map.of("selector", NotASelector.class.getName()), "k1"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("does not implement");
        assertThatThrownBy(() -> processor(Map.of("selector", FirstSelector.class.getName(),
                "selector.first", "k9"), "k1"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("k9 is not a sink of the group");
    }
}
