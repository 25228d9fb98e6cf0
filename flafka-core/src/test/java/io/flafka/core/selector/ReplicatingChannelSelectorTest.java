package io.flafka.core.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.ChannelSelector;
import io.flafka.api.ChannelSelector.Routing;
import io.flafka.api.Event;
import io.flafka.api.config.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ReplicatingChannelSelectorTest {
    private final ReplicatingChannelSelector.Provider provider = new ReplicatingChannelSelector.Provider();

    @Test
    void providerNamesMatchFlume() {
        assertThat(provider.type()).isEqualTo("replicating");
        assertThat(provider.aliases()).containsExactly("org.apache.flume.channel.ReplicatingChannelSelector");
    }

    @Test
    void everyChannelSharesTheBatchList() throws Exception {
        ChannelSelector s = Selectors.create(provider, Map.of(), "c1", "c2", "c3");
        List<Event> batch = Selectors.batch(Event.ofString("a"), Event.ofString("b"));
        Routing r = s.route(batch);
        assertThat(r.required()).containsOnlyKeys("c1", "c2", "c3");
        assertThat(r.required().values()).allSatisfy(l -> assertThat(l).isSameAs(batch));
        assertThat(r.optional()).isEmpty();
        assertThat(batch).hasSize(2);
    }

    @Test
    void optionalChannelsAreBestEffort() throws Exception {
        ChannelSelector s = Selectors.create(provider, Map.of("optional", "c3 c1"), "c1", "c2", "c3");
        List<Event> batch = Selectors.batch(Event.ofString("a"));
        Routing r = s.route(batch);
        assertThat(r.required()).containsOnlyKeys("c2");
        assertThat(r.optional().keySet()).containsExactly("c1", "c3");
        assertThat(r.optional().get("c1")).isSameAs(batch);
    }

    @Test
    void singleChannel() throws Exception {
        ChannelSelector s = Selectors.create(provider, Map.of(), "c1");
        List<Event> batch = Selectors.batch(Event.ofString("a"));
        assertThat(s.route(batch).required()).containsExactly(Map.entry("c1", batch));
    }

    @Test
    void unknownOptionalChannelIsAConfigErrorNamingTheKey() throws Exception {
        ChannelSelector s = provider.create(Selectors.context(provider, Map.of("optional", "c9")));
        assertThatThrownBy(() -> s.initialize(Selectors.channels("c1", "c2")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("a1.sources.r1.selector.optional")
                .hasMessageContaining("c9");
    }
}
