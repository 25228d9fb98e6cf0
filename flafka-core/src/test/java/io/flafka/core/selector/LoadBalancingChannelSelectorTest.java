package io.flafka.core.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.ChannelSelector;
import io.flafka.api.ChannelSelector.Routing;
import io.flafka.api.Event;
import io.flafka.api.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadBalancingChannelSelectorTest {
    private final LoadBalancingChannelSelector.Provider provider = new LoadBalancingChannelSelector.Provider();

    private static List<Event> batch(int from, int n) {
        List<Event> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            out.add(Event.ofString(Integer.toString(i)));
        }
        return out;
    }

    @Test
    void providerNamesMatchFlume() {
        assertThat(provider.type()).isEqualTo("load_balancing");
        assertThat(provider.aliases()).containsExactly("org.apache.flume.channel.LoadBalancingChannelSelector");
    }

    @Test
    void roundRobinDealsEventsInTurnAcrossBatches() throws Exception {
        ChannelSelector s = Selectors.create(provider, Map.of(), "c1", "c2", "c3");
        Routing first = s.route(batch(0, 4));
        assertThat(Selectors.bodies(first.required())).containsExactly(
                Map.entry("c1", List.of("0", "3")), Map.entry("c2", List.of("1")), Map.entry("c3", List.of("2")));
        assertThat(first.optional()).isEmpty();
        Routing second = s.route(batch(4, 2));
        assertThat(Selectors.bodies(second.required())).containsExactly(
                Map.entry("c2", List.of("4")), Map.entry("c3", List.of("5")));
    }

    @Test
    void randomSendsEveryEventToExactlyOneChannelInOrder() throws Exception {
        ChannelSelector s = Selectors.create(provider, Map.of("policy", "random"), "c1", "c2");
        List<Event> batch = batch(0, 200);
        Routing r = s.route(batch);
        List<String> all = new ArrayList<>();
        r.required().values().forEach(l -> {
            List<String> b = Selectors.bodies(l);
            assertThat(b).isSortedAccordingTo((x, y) -> Integer.compare(Integer.parseInt(x), Integer.parseInt(y)));
            all.addAll(b);
        });
        assertThat(all).hasSize(200).doesNotHaveDuplicates();
        assertThat(r.required()).containsOnlyKeys("c1", "c2");
    }

    @Test
    void oneChannelSharesTheBatch() throws Exception {
        ChannelSelector s = Selectors.create(provider, Map.of(), "c1");
        List<Event> b = batch(0, 3);
        assertThat(s.route(b).required().get("c1")).isSameAs(b);
    }

    @Test
    void unknownPolicyIsAConfigError() {
        assertThatThrownBy(() -> Selectors.create(provider, Map.of("policy", "sticky"), "c1"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("policy")
                .hasMessageContaining("round_robin, random");
    }
}
