package io.flafka.bench;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.Event;
import io.flafka.api.Interceptor;
import io.flafka.api.config.Config;
import io.flafka.api.metrics.CounterGroup;
import io.flafka.core.interceptor.RegexFilterInterceptor;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The regex_filter interceptor on the end-to-end benchmark's scenario c: batches of 1000 ASCII bodies of
 * 200 bytes, regex {@code ^[0-9]{10} [0-9]{19} } (every body matches). {@code interceptor} is the
 * component as the runtime builds it; {@code decodeThenFind} is the same search on a decoded
 * {@code String} per body, the way the interceptor matched before it read ASCII bodies in place.
 * Scores are events per second.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RegexFilterBenchmark {
    private static final int BATCH = 1000;
    private static final String REGEX = "^[0-9]{10} [0-9]{19} ";

    private Interceptor filter;
    private Pattern pattern;
    private byte[][] bodies;

    @Setup
    public void setUp() throws Exception {
        RegexFilterInterceptor.Provider p = new RegexFilterInterceptor.Provider();
        filter = p.create(new ComponentContext("bench", "r1.rf", ComponentKind.INTERCEPTOR,
                Config.parse(p.configDef(), Map.of("regex", REGEX)), new CounterGroup("INTERCEPTOR", "rf")));
        pattern = Pattern.compile(REGEX);
        bodies = new byte[BATCH][];
        for (int i = 0; i < BATCH; i++) {
            byte[] b = new byte[200];
            Arrays.fill(b, (byte) 'x');
            byte[] head = String.format("%010d %019d ", i, 1_000_000_000L * i).getBytes(StandardCharsets.US_ASCII);
            System.arraycopy(head, 0, b, 0, head.length);
            bodies[i] = b;
        }
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public List<Event> interceptor() {
        List<Event> batch = new ArrayList<>(BATCH);
        for (byte[] body : bodies) {
            batch.add(Event.of(body));
        }
        return filter.intercept(batch);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public int decodeThenFind() {
        List<Event> batch = new ArrayList<>(BATCH);
        for (byte[] body : bodies) {
            batch.add(Event.of(body));
        }
        Matcher m = pattern.matcher("");
        int kept = 0;
        for (Event e : batch) {
            if (m.reset(new String(e.body(), StandardCharsets.UTF_8)).find()) {
                kept++;
            }
        }
        return kept;
    }
}
