package io.flafka.core.interceptor;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.ComponentProvider;
import io.flafka.api.Interceptor;
import io.flafka.api.config.ConfigException;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** A wrong value or an unknown key is reported at its key, before anything runs. */
class BadConfigTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(new HostInterceptor.Provider(), Map.of("useIP", "maybe"), "useIP"),
                Arguments.of(new HostInterceptor.Provider(), Map.of("hostHeader", " "), "hostHeader"),
                Arguments.of(new HostInterceptor.Provider(), Map.of("useIp", "true"), "did you mean 'useIP'"),
                Arguments.of(new StaticInterceptor.Provider(), Map.of("preserveExisting", "yes"), "preserveExisting"),
                Arguments.of(new StaticInterceptor.Provider(), Map.of("values", "v"), "did you mean 'value'"),
                Arguments.of(new UuidInterceptor.Provider(), Map.of("headerName", ""), "headerName"),
                Arguments.of(new UuidInterceptor.Provider(), Map.of("preserveExisting", "1"), "preserveExisting"),
                Arguments.of(new RegexFilterInterceptor.Provider(), Map.of("regex", "(["), "regex"),
                Arguments.of(new RegexFilterInterceptor.Provider(), Map.of("excludeEvents", "no"), "excludeEvents"),
                Arguments.of(new RemoveHeaderInterceptor.Provider(), Map.of("fromListSeparator", "["),
                        "fromListSeparator"),
                Arguments.of(new RegexExtractorInterceptor.Provider(),
                        Map.of("regex", "(a", "serializers", "s", "serializers.s.name", "h"), "regex"));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void isAConfigErrorAtTheKey(ComponentProvider<Interceptor> provider, Map<String, String> raw, String message) {
        assertThatThrownBy(() -> Interceptors.create(provider, raw))
                .isInstanceOf(ConfigException.class).hasMessageContaining(message);
    }
}
