package io.flafka.bench;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Event;
import io.flafka.api.Interceptor;
import io.flafka.api.config.Config;
import io.flafka.api.metrics.CounterGroup;
import io.flafka.core.interceptor.HostInterceptor;
import io.flafka.core.interceptor.RegexExtractorInterceptor;
import io.flafka.core.interceptor.RegexFilterInterceptor;
import io.flafka.core.interceptor.StaticInterceptor;
import io.flafka.core.interceptor.TimestampInterceptor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * A batch of 1000 events of 200 bytes through the chain timestamp → host → static → regex_filter →
 * regex_extractor (a millis and a pass-through serializer), built through the providers as the runtime
 * builds them. Scores are events per second: each invocation makes fresh events from shared bodies (as
 * a source would) and runs the whole chain. One event in ten is dropped by the filter.
 *
 * <p>{@code distinctTimes} is how many different timestamps the batch's lines carry: 1000 (every line
 * a new second, the worst case for the millis serializer) or 10 (a busy log, many lines per second).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class InterceptorChainBenchmark {
    private static final int BATCH = 1000;
    private static final int BODY_BYTES = 200;

    @Param({"1000", "10"})
    public int distinctTimes;

    private Interceptor[] chain;
    private byte[][] bodies;

    @Setup
    public void setUp() throws Exception {
        chain = new Interceptor[] {
            make(new TimestampInterceptor.Provider(), Map.of()),
            make(new HostInterceptor.Provider(), Map.of()),
            make(new StaticInterceptor.Provider(), Map.of("key", "dc", "value", "eu-west-1")),
            make(new RegexFilterInterceptor.Provider(), Map.of("regex", "level=DEBUG", "excludeEvents", "true")),
            make(new RegexExtractorInterceptor.Provider(), Map.of(
                    "regex", "^(\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}:\\d{2}) level=(\\w+)",
                    "serializers", "ts lvl",
                    "serializers.ts.name", "eventTime",
                    "serializers.ts.type", "org.apache.flume.interceptor.RegexExtractorInterceptorMillisSerializer",
                    "serializers.ts.pattern", "yyyy-MM-dd HH:mm:ss",
                    "serializers.lvl.name", "level")),
        };
        for (Interceptor i : chain) {
            i.start();
        }
        bodies = new byte[BATCH][];
        for (int i = 0; i < BATCH; i++) {
            String level = i % 10 == 0 ? "DEBUG" : (i % 3 == 0 ? "WARN" : "INFO");
            int second = i / (BATCH / distinctTimes);
            String line = String.format("2026-11-27 04:%02d:%02d level=%s user=u%05d msg=", second / 60 % 60,
                    second % 60, level, i);
            StringBuilder sb = new StringBuilder(line);
            while (sb.length() < BODY_BYTES) {
                sb.append((char) ('a' + sb.length() % 26));
            }
            bodies[i] = sb.toString().getBytes(StandardCharsets.UTF_8);
            if (bodies[i].length != BODY_BYTES) {
                bodies[i] = Arrays.copyOf(bodies[i], BODY_BYTES);
            }
        }
    }

    private static Interceptor make(ComponentProvider<Interceptor> p, Map<String, String> raw) throws Exception {
        return p.create(new ComponentContext("bench", "r1." + p.type(), ComponentKind.INTERCEPTOR,
                Config.parse(p.configDef(), raw), new CounterGroup("INTERCEPTOR", p.type())));
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<Event> chain() {
        List<Event> batch = new ArrayList<>(BATCH);
        for (byte[] body : bodies) {
            batch.add(Event.of(body));
        }
        for (Interceptor i : chain) {
            batch = i.intercept(batch);
        }
        return batch;
    }
}
