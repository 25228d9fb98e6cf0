package io.flafka.core.interceptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.Event;
import io.flafka.api.Interceptor;
import io.flafka.api.config.ConfigException;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RemoveHeaderInterceptorTest {
    private final RemoveHeaderInterceptor.Provider provider = new RemoveHeaderInterceptor.Provider();

    private static Event event() {
        return Event.of(new byte[0], Map.of("a", "1", "b", "2", "c", "3", "x-trace", "t", "x-span", "s"));
    }

    @Test
    void providerNamesMatchFlume() {
        assertThat(provider.type()).isEqualTo("remove_header");
        assertThat(provider.aliases()).containsExactly("org.apache.flume.interceptor.RemoveHeaderInterceptor$Builder");
    }

    @Test
    void withName() throws Exception {
        Event e = Interceptors.create(provider, Map.of("withName", "a")).intercept(event());
        assertThat(e.headers()).doesNotContainKey("a").containsKeys("b", "c", "x-trace");
    }

    @Test
    void fromListWithDefaultSeparator() throws Exception {
        Event e = Interceptors.create(provider, Map.of("fromList", "a ,b,  c")).intercept(event());
        assertThat(e.headers()).containsOnlyKeys("x-trace", "x-span");
    }

    @Test
    void fromListWithCustomSeparator() throws Exception {
        Event e = Interceptors.create(provider, Map.of("fromList", "a|c", "fromListSeparator", "\\|"))
                .intercept(event());
        assertThat(e.headers()).containsOnlyKeys("b", "x-trace", "x-span");
    }

    @Test
    void matchingRegexOnHeaderNames() throws Exception {
        Event e = Interceptors.create(provider, Map.of("matching", "x-.*")).intercept(event());
        assertThat(e.headers()).containsOnlyKeys("a", "b", "c");
    }

    @Test
    void allCombined() throws Exception {
        Event e = Interceptors.create(provider, Map.of("withName", "a", "fromList", "b", "matching", "x-t.*"))
                .intercept(event());
        assertThat(e.headers()).containsOnlyKeys("c", "x-span");
    }

    @Test
    void headerlessEventsStayHeaderless() throws Exception {
        Event e = Interceptors.create(provider, Map.of("matching", ".*")).intercept(Event.ofString("x"));
        assertThat(e.hasHeaders()).isFalse();
    }

    @Test
    void invalidRegexIsAConfigError() {
        assertThatThrownBy(() -> Interceptors.create(provider, Map.of("matching", "([a")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("matching")
                .hasMessageContaining("regular expression");
    }
}
