package io.flafka.core.interceptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.ComponentContext;
import io.flafka.api.Event;
import io.flafka.api.Interceptor;
import io.flafka.api.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SearchReplaceInterceptorTest {
    private final SearchReplaceInterceptor.Provider provider = new SearchReplaceInterceptor.Provider();

    @Test
    void providerNamesMatchFlume() {
        assertThat(provider.type()).isEqualTo("search_replace");
        assertThat(provider.aliases())
                .containsExactly("org.apache.flume.interceptor.SearchAndReplaceInterceptor$Builder");
    }

    @Test
    void replacesEveryMatch() throws Exception {
        Interceptor i = Interceptors.create(provider, Map.of("searchPattern", "\\d+", "replaceString", "#"));
        List<Event> out = i.intercept(Interceptors.batch("a1b22c333", "none"));
        assertThat(Interceptors.bodies(out)).containsExactly("a#b#c#", "none");
    }

    @Test
    void groupReferencesAndEmptyReplacement() throws Exception {
        Interceptor swap = Interceptors.create(provider,
                Map.of("searchPattern", "(\\w+)=(\\w+)", "replaceString", "$2=$1"));
        assertThat(swap.intercept(Event.ofString("k=v")).bodyAsString()).isEqualTo("v=k");
        Interceptor strip = Interceptors.create(provider, Map.of("searchPattern", "^\\S+ ", "replaceString", ""));
        assertThat(strip.intercept(Event.ofString("2024-01-01 message")).bodyAsString()).isEqualTo("message");
    }

    @Test
    void charsetDecodesAndEncodesTheBody() throws Exception {
        Interceptor i = Interceptors.create(provider,
                Map.of("searchPattern", "é", "replaceString", "e", "charset", "ISO-8859-1"));
        Event e = Event.of("café".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(new String(i.intercept(e).body(), StandardCharsets.ISO_8859_1)).isEqualTo("cafe");
    }

    @Test
    void requiredKeysAndBadValuesAreConfigErrors() {
        assertThatThrownBy(() -> Interceptors.create(provider, Map.of("replaceString", "x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("searchPattern: is required");
        assertThatThrownBy(() -> Interceptors.create(provider, Map.of("searchPattern", "x")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("replaceString: is required");
        assertThatThrownBy(() -> Interceptors.create(provider,
                Map.of("searchPattern", "x", "replaceString", "y", "charset", "NOPE-42")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("charset");
        assertThatThrownBy(() -> Interceptors.create(provider, Map.of("searchPattern", "(x", "replaceString", "y")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("searchPattern");
    }

    @Test
    void groupReferenceBeyondThePatternIsAConfigErrorWithItsPath() {
        assertThatThrownBy(() -> Interceptors.create(provider, Map.of("searchPattern", "(a)", "replaceString", "$2")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("a1.sources.r1.interceptors.i1.replaceString")
                .hasMessageContaining("group $2");
        assertThat(SearchReplaceInterceptor.checkReplacement("cost: \\$5", 0)).isNull();
        assertThat(SearchReplaceInterceptor.checkReplacement("tail$", 0)).contains("lone '$'");
        assertThat(SearchReplaceInterceptor.checkReplacement("$x", 1)).contains("illegal group reference");
    }

    @Test
    void unprocessableEventPassesUnchangedAndIsCounted() throws Exception {
        ComponentContext ctx = Interceptors.context(provider,
                Map.of("searchPattern", "a", "replaceString", "${missing}"));
        Interceptor i = provider.create(ctx);
        List<Event> out = i.intercept(Interceptors.batch("abc", "xyz"));
        assertThat(Interceptors.bodies(out)).containsExactly("abc", "xyz");
        assertThat(ctx.counters().get(SearchReplaceInterceptor.PROCESS_FAIL)).isEqualTo(1);
    }
}
