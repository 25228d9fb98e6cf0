package io.flafka.core.interceptor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.ComponentContext;
import io.flafka.api.Event;
import io.flafka.api.Interceptor;
import io.flafka.api.config.ConfigException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RegexExtractorInterceptorTest {
    private static final String MILLIS = "org.apache.flume.interceptor.RegexExtractorInterceptorMillisSerializer";
    private final RegexExtractorInterceptor.Provider provider = new RegexExtractorInterceptor.Provider();

    private static Map<String, String> conf(String... kv) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void providerNamesMatchFlume() {
        assertThat(provider.type()).isEqualTo("regex_extractor");
        assertThat(provider.aliases())
                .containsExactly("org.apache.flume.interceptor.RegexExtractorInterceptor$Builder");
        assertThat(provider.configDef().prefixes()).containsKey("serializers.");
    }

    @Test
    void passThroughSerializersCopyGroupsIntoHeaders() throws Exception {
        Interceptor i = Interceptors.create(provider, conf("regex", "(\\w+):(\\d+)", "serializers", "s1 s2",
                "serializers.s1.name", "user", "serializers.s2.name", "port",
                "serializers.s2.type", "org.apache.flume.interceptor.RegexExtractorInterceptorPassThroughSerializer"));
        List<Event> out = i.intercept(Interceptors.batch("login bob:8080 ok", "no match here"));
        assertThat(out.get(0).headers()).containsEntry("user", "bob").containsEntry("port", "8080");
        assertThat(out.get(1).hasHeaders()).isFalse();
        assertThat(Interceptors.bodies(out)).containsExactly("login bob:8080 ok", "no match here");
    }

    @Test
    void overwritesExistingHeadersAndSkipsGroupsThatDidNotMatch() throws Exception {
        Interceptor i = Interceptors.create(provider, conf("regex", "(a)|(b)", "serializers", "x,y",
                "serializers.x.name", "ha", "serializers.y.name", "hb"));
        Event e = i.intercept(Event.of("b".getBytes(), Map.of("hb", "old", "ha", "keep")));
        assertThat(e.headers()).containsEntry("hb", "b").containsEntry("ha", "keep");
    }

    @Test
    void millisSerializerParsesWithThePattern() throws Exception {
        Interceptor i = Interceptors.create(provider, conf("regex", "^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2})",
                "serializers", "ts", "serializers.ts.name", "timestamp", "serializers.ts.type", MILLIS,
                "serializers.ts.pattern", "yyyy-MM-dd HH:mm"));
        Event e = i.intercept(Event.ofString("2024-03-05 10:42 something"));
        long expected = LocalDateTime.of(2024, 3, 5, 10, 42).atZone(ZoneId.systemDefault()).toInstant().toEpochMilli();
        assertThat(e.header("timestamp")).isEqualTo(Long.toString(expected));
    }

    @Test
    void millisSerializerHonoursAnOffsetAndDefaultsMissingFields() {
        MillisSerializer withOffset = new MillisSerializer("yyyy-MM-dd'T'HH:mm:ss.SSSZ", ZoneOffset.ofHours(5));
        assertThat(withOffset.serialize("1970-01-01T00:00:01.500+0000")).isEqualTo("1500");
        MillisSerializer dateOnly = new MillisSerializer("yyyy-MM-dd", ZoneOffset.UTC);
        assertThat(dateOnly.serialize("1970-01-02")).isEqualTo("86400000");
        MillisSerializer noYear = new MillisSerializer("MMM dd HH:mm:ss", ZoneOffset.UTC);
        long expected = LocalDateTime.of(2000, 3, 4, 5, 6, 7).toInstant(ZoneOffset.UTC).toEpochMilli();
        assertThat(noYear.serialize("Mar 04 05:06:07")).isEqualTo(Long.toString(expected));
    }

    @Test
    void millisSerializerRemembersOnlyTheLastValue() {
        MillisSerializer s = new MillisSerializer("yyyy-MM-dd HH:mm:ss", ZoneOffset.UTC);
        assertThat(s.serialize("1970-01-01 00:00:01")).isEqualTo("1000");
        assertThat(s.serialize("1970-01-01 00:00:01")).isEqualTo("1000");
        assertThat(s.serialize("1970-01-01 00:00:02")).isEqualTo("2000");
        assertThatThrownBy(() -> s.serialize("")).isInstanceOf(RuntimeException.class);
        assertThat(s.serialize("1970-01-01 00:00:01")).isEqualTo("1000");
    }

    @Test
    void unparsableValuePassesTheEventUnchangedAndCountsIt() throws Exception {
        ComponentContext ctx = Interceptors.context(provider, conf("regex", "(\\S+) (\\S+)", "serializers", "a b",
                "serializers.a.name", "first", "serializers.b.name", "when", "serializers.b.type", MILLIS,
                "serializers.b.pattern", "yyyy-MM-dd"));
        Interceptor i = provider.create(ctx);
        List<Event> out = i.intercept(Interceptors.batch("x not-a-date", "y 2024-01-01"));
        assertThat(out).hasSize(2);
        assertThat(out.get(0).hasHeaders()).isFalse();
        assertThat(out.get(0).bodyAsString()).isEqualTo("x not-a-date");
        assertThat(out.get(1).headers()).containsEntry("first", "y").containsKey("when");
        assertThat(ctx.counters().get(RegexExtractorInterceptor.PROCESS_FAIL)).isEqualTo(1);
    }

    @Test
    void isThreadSafeAcrossConcurrentBatches() throws Exception {
        Interceptor i = Interceptors.create(provider, conf("regex", "^(\\S+) (\\d+)", "serializers", "t n",
                "serializers.t.name", "t", "serializers.t.type", MILLIS, "serializers.t.pattern", "yyyy-MM-dd'T'HH:mm:ssX",
                "serializers.n.name", "n"));
        int threads = 4;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<Integer>> results = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                results.add(pool.submit(() -> {
                    int ok = 0;
                    for (int round = 0; round < 200; round++) {
                        List<Event> batch = new java.util.ArrayList<>();
                        for (int k = 0; k < 20; k++) {
                            int sec = (seed + round + k) % 3;
                            batch.add(Event.ofString("1970-01-01T00:00:0" + sec + "Z " + sec));
                        }
                        for (Event e : i.intercept(batch)) {
                            if (Long.parseLong(e.header("t")) == Long.parseLong(e.header("n")) * 1000) {
                                ok++;
                            }
                        }
                    }
                    return ok;
                }));
            }
            for (java.util.concurrent.Future<Integer> f : results) {
                assertThat(f.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200 * 20);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void customSerializerClassIsLoadedAndConfigured() throws Exception {
        Interceptor i = Interceptors.create(provider, conf("regex", "user=(\\w+)", "serializers", "u",
                "serializers.u.name", "user", "serializers.u.type", UpperCaseSerializer.class.getName(),
                "serializers.u.suffix", "!"));
        assertThat(i.intercept(Event.ofString("user=bob")).header("user")).isEqualTo("BOB!");
    }

    @Test
    void groupAndSerializerCountsMustMatch() {
        assertThatThrownBy(() -> Interceptors.create(provider, conf("regex", "(a)(b)", "serializers", "s1",
                "serializers.s1.name", "h")))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("a1.sources.r1.interceptors.i1.serializers: lists 1 serializer(s) but regex has 2");
    }

    @Test
    void badSerializerConfigsAreReportedWithTheirPaths() {
        assertThatThrownBy(() -> Interceptors.create(provider, conf("regex", "(a)(b)(c)(d)",
                "serializers", "s1 s2 s3 s4",
                "serializers.s2.name", "h2", "serializers.s2.type", "com.example.Missing",
                "serializers.s3.name", "h3", "serializers.s3.type", "java.lang.String",
                "serializers.s4.name", "h4", "serializers.s4.type", MILLIS)))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("serializers.s1.name: is required")
                .hasMessageContaining("serializers.s2.type: class com.example.Missing not found")
                .hasMessageContaining("serializers.s3.type: class java.lang.String does not implement")
                .hasMessageContaining("serializers.s4.pattern: is required");
        assertThatThrownBy(() -> Interceptors.create(provider, conf("regex", "(a)", "serializers", "s",
                "serializers.s.name", "h", "serializers.s.type", UpperCaseSerializer.class.getName(),
                "serializers.s.suffix", "bad")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("suffix must not be bad");
        assertThatThrownBy(() -> Interceptors.create(provider, conf("regex", "(a)", "serializers", "s",
                "serializers.s.name", "h", "serializers.s.type", MILLIS, "serializers.s.pattern", "yyyy-{{")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("serializers.s.pattern");
    }

    @Test
    void requiredKeys() {
        assertThatThrownBy(() -> Interceptors.create(provider, conf("serializers", "s")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("regex: is required");
        assertThatThrownBy(() -> Interceptors.create(provider, conf("regex", "(a)")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("serializers: is required");
    }
}
