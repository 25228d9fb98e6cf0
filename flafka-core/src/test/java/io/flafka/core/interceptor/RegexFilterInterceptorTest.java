package io.flafka.core.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.ComponentContext;
import io.flafka.api.Event;
import io.flafka.api.Interceptor;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegexFilterInterceptorTest {
    private final RegexFilterInterceptor.Provider provider = new RegexFilterInterceptor.Provider();

    @Test
    void providerNamesMatchFlume() {
        assertThat(provider.type()).isEqualTo("regex_filter");
        assertThat(provider.aliases())
                .containsExactly("org.apache.flume.interceptor.RegexFilteringInterceptor$Builder");
    }

    @Test
    void defaultKeepsEverything() throws Exception {
        Interceptor i = Interceptors.create(provider, Map.of());
        List<Event> out = i.intercept(Interceptors.batch("a", "", "c"));
        assertThat(out).hasSize(3);
    }

    @Test
    void keepsMatchingEventsInPlaceAndCountsTheRest() throws Exception {
        ComponentContext ctx = Interceptors.context(provider, Map.of("regex", "ERROR|WARN"));
        Interceptor i = provider.create(ctx);
        List<Event> batch = Interceptors.batch("1 INFO", "2 ERROR x", "3 DEBUG", "4 WARN", "5 INFO");
        Event second = batch.get(1);
        List<Event> out = i.intercept(batch);
        assertThat(out).isSameAs(batch);
        assertThat(Interceptors.bodies(out)).containsExactly("2 ERROR x", "4 WARN");
        assertThat(out.get(0)).isSameAs(second);
        assertThat(ctx.counters().get(RegexFilterInterceptor.FILTERED)).isEqualTo(3);
    }

    @Test
    void excludeEventsDropsTheMatchingOnes() throws Exception {
        Interceptor i = Interceptors.create(provider, Map.of("regex", "^DEBUG", "excludeEvents", "true"));
        List<Event> out = i.intercept(Interceptors.batch("DEBUG a", "INFO DEBUG b", "DEBUG c"));
        assertThat(Interceptors.bodies(out)).containsExactly("INFO DEBUG b");
        assertThat(i.intercept(Event.ofString("DEBUG z"))).isNull();
        assertThat(i.intercept(Event.ofString("INFO z"))).isNotNull();
    }

    @Test
    void searchesRatherThanMatchingTheWholeBody() throws Exception {
        Interceptor i = Interceptors.create(provider, Map.of("regex", "b"));
        assertThat(i.intercept(Event.ofString("abc"))).isNotNull();
    }

    @Test
    void everyEventDroppedLeavesAnEmptyList() throws Exception {
        Interceptor i = Interceptors.create(provider, Map.of("regex", "zzz"));
        List<Event> batch = Interceptors.batch("a", "b");
        assertThat(i.intercept(batch)).isSameAs(batch).isEmpty();
    }

    @Test
    void nonAsciiBodiesAreMatchedAsUtf8Text() throws Exception {
        Interceptor i = Interceptors.create(provider, Map.of("regex", "^caf\u00e9 \\d+$"));
        List<Event> out = i.intercept(Interceptors.batch("caf\u00e9 12", "cafe 12", "caf\u00e9 x"));
        assertThat(Interceptors.bodies(out)).containsExactly("caf\u00e9 12");
    }
}
