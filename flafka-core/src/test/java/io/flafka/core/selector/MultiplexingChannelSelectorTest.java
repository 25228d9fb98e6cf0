package io.flafka.core.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.ChannelSelector;
import io.flafka.api.ChannelSelector.Routing;
import io.flafka.api.ComponentContext;
import io.flafka.api.Event;
import io.flafka.api.config.ConfigException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MultiplexingChannelSelectorTest {
    private final MultiplexingChannelSelector.Provider provider = new MultiplexingChannelSelector.Provider();

    private static final Map<String, String> CONF = Map.of(
            "header", "state",
            "mapping.CA", "c1",
            "mapping.AZ", "c2 c3",
            "mapping.NY", "c1 c2",
            "optional.CA", "c3 c1",
            "optional.TX", "c4",
            "default", "c4");

    private ChannelSelector selector() throws Exception {
        return Selectors.create(provider, CONF, "c1", "c2", "c3", "c4");
    }

    @Test
    void providerNamesMatchFlume() {
        assertThat(provider.type()).isEqualTo("multiplexing");
        assertThat(provider.aliases()).containsExactly("org.apache.flume.channel.MultiplexingChannelSelector");
        assertThat(provider.configDef().prefixes()).containsKeys("mapping.", "optional.");
    }

    @Test
    void mappedValueGoesToItsChannelsAndOverlapWithOptionalIsRequired() throws Exception {
        List<Event> batch = Selectors.batch(Selectors.event("a", "state", "CA"), Selectors.event("b", "state", "CA"));
        Routing r = selector().route(batch);
        assertThat(r.required()).containsOnlyKeys("c1");
        assertThat(r.optional()).containsOnlyKeys("c3");
        // One route for the whole batch: the list is shared, not copied.
        assertThat(r.required().get("c1")).isSameAs(batch);
        assertThat(r.optional().get("c3")).isSameAs(batch);
    }

    @Test
    void unmappedValueGoesToDefaultPlusItsOptionals() throws Exception {
        Routing r = selector().route(Selectors.batch(Selectors.event("t", "state", "TX")));
        assertThat(Selectors.bodies(r.required())).containsExactly(Map.entry("c4", List.of("t")));
        // c4 is both default (required) and optional for TX: required wins.
        assertThat(r.optional()).isEmpty();
    }

    @Test
    void missingHeaderOrUnknownValueGoesToDefault() throws Exception {
        Routing r = selector().route(Selectors.batch(Event.ofString("x"), Selectors.event("y", "state", "ZZ")));
        assertThat(Selectors.bodies(r.required())).containsExactly(Map.entry("c4", List.of("x", "y")));
        assertThat(r.optional()).isEmpty();
    }

    @Test
    void valuesAreCaseSensitive() throws Exception {
        Routing r = selector().route(Selectors.batch(Selectors.event("x", "state", "ca")));
        assertThat(r.required()).containsOnlyKeys("c4");
    }

    @Test
    void mixedBatchIsSplitPerChannelInBatchOrder() throws Exception {
        List<Event> batch = Selectors.batch(
                Selectors.event("1", "state", "CA"),
                Selectors.event("2", "state", "AZ"),
                Selectors.event("3", "state", "NY"),
                Selectors.event("4"),
                Selectors.event("5", "state", "CA"));
        Routing r = selector().route(batch);
        assertThat(Selectors.bodies(r.required())).containsExactly(
                Map.entry("c1", List.of("1", "3", "5")),
                Map.entry("c2", List.of("2", "3")),
                Map.entry("c3", List.of("2")),
                Map.entry("c4", List.of("4")));
        assertThat(Selectors.bodies(r.optional())).containsExactly(Map.entry("c3", List.of("1", "5")));
        assertThat(Selectors.bodies(batch)).containsExactly("1", "2", "3", "4", "5");
    }

    @Test
    void withNeitherMappingNorDefaultEventsGoToOptionalsOnly() throws Exception {
        ChannelSelector s = Selectors.create(provider,
                Map.of("mapping.A", "c1", "optional.B", "c2"), "c1", "c2");
        Routing r = s.route(Selectors.batch(Selectors.event("b", "flume.selector.header", "B")));
        assertThat(r.required()).isEmpty();
        assertThat(Selectors.bodies(r.optional())).containsExactly(Map.entry("c2", List.of("b")));
    }

    @Test
    void eventsWithNoChannelAtAllAreCounted() throws Exception {
        ComponentContext ctx = Selectors.context(provider, Map.of("mapping.A", "c1"));
        ChannelSelector s = provider.create(ctx);
        s.initialize(Selectors.channels("c1"));
        Routing r = s.route(Selectors.batch(Event.ofString("x"), Selectors.event("a", "flume.selector.header", "A")));
        assertThat(Selectors.bodies(r.required())).containsExactly(Map.entry("c1", List.of("a")));
        s.route(Selectors.batch(Event.ofString("y")));
        assertThat(ctx.counters().get(MultiplexingChannelSelector.UNROUTED)).isEqualTo(2);
    }

    @Test
    void unknownChannelsAreConfigErrorsNamingTheKey() throws Exception {
        for (Map.Entry<String, String> bad : List.of(Map.entry("mapping.CA", "c1 c9"),
                Map.entry("optional.CA", "c9"), Map.entry("default", "c9"))) {
            ChannelSelector s = provider.create(Selectors.context(provider, Map.of(bad.getKey(), bad.getValue())));
            assertThatThrownBy(() -> s.initialize(Selectors.channels("c1", "c2")))
                    .isInstanceOf(ConfigException.class)
                    .hasMessageContaining("a1.sources.r1.selector." + bad.getKey())
                    .hasMessageContaining("'c9'");
        }
    }

    @Test
    void aSelectorThatRoutesNothingIsAConfigError() throws Exception {
        ChannelSelector s = provider.create(Selectors.context(provider, Map.of()));
        assertThatThrownBy(() -> s.initialize(Selectors.channels("c1"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("at least one mapping");
        ChannelSelector empty = provider.create(Selectors.context(provider, Map.of("mapping.X", " ")));
        assertThatThrownBy(() -> empty.initialize(Selectors.channels("c1"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("selector.mapping.X");
    }
}
