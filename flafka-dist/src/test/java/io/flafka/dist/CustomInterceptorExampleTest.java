package io.flafka.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.ComponentContext;
import io.flafka.api.Event;
import io.flafka.api.Interceptor;
import io.flafka.api.metrics.CounterGroup;
import io.flafka.core.config.ComponentSpec;
import io.flafka.core.config.ConfigLoader;
import io.flafka.core.config.LoadResult;
import io.flafka.core.registry.ComponentRegistry;
import io.flafka.core.registry.PluginDirectories;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The custom interceptor example under {@code src/main/examples/custom-interceptor}: compiled against the SPI,
 * jarred into a {@code plugins.d} directory, named by class in a Flume-style configuration, and run.
 */
class CustomInterceptorExampleTest {
    @TempDir
    Path dir;

    @Test
    void exampleBuildsPlugsInAndScoresEvents() throws Exception {
        Path src = Path.of("src/main/examples/custom-interceptor/src/main/java/com/example/flafka/FraudScoreInterceptor.java");
        assertThat(src).exists();
        Path classes = Files.createDirectories(dir.resolve("classes"));
        int rc = ToolProvider.getSystemJavaCompiler().run(null, null, null, "--release", "17",
                "-cp", System.getProperty("java.class.path"), "-d", classes.toString(), src.toString());
        assertThat(rc).isZero();
        Path lib = Files.createDirectories(dir.resolve("plugins.d/fraud-score/lib"));
        try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(lib.resolve("fraud-score.jar")));
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                jar.putNextEntry(new JarEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, jar);
                jar.closeEntry();
            }
        }
        ClassLoader loader = PluginDirectories.classLoader(List.of(dir.resolve("plugins.d")), getClass().getClassLoader());
        Map<String, String> conf = new LinkedHashMap<>();
        conf.put("a1.sources", "r1");
        conf.put("a1.channels", "c1");
        conf.put("a1.sinks", "k1");
        conf.put("a1.sources.r1.type", "seq");
        conf.put("a1.sources.r1.channels", "c1");
        conf.put("a1.sources.r1.interceptors", "fraud");
        conf.put("a1.sources.r1.interceptors.fraud.type", "com.example.flafka.FraudScoreInterceptor$Builder");
        conf.put("a1.sources.r1.interceptors.fraud.amountThreshold", "500");
        conf.put("a1.channels.c1.type", "memory");
        conf.put("a1.sinks.k1.type", "null");
        conf.put("a1.sinks.k1.channel", "c1");
        LoadResult r = new ConfigLoader(ComponentRegistry.discover(loader)).load(conf, "a1");
        assertThat(r.diagnostics().errors()).isEmpty();

        ComponentSpec spec = r.spec().sources().get("r1").interceptors().get(0);
        Interceptor interceptor = (Interceptor) spec.factory().create(new ComponentContext("a1", spec.name(),
                spec.kind(), spec.config(), new CounterGroup("INTERCEPTOR", spec.name())));
        Event big = interceptor.intercept(Event.ofString("u1|4916177742705110|2014-10-14 01:18:29|967.88|1433"));
        Event bad = interceptor.intercept(Event.ofString("not a transaction"));
        assertThat(big.header("fraud.score")).isEqualTo("50");
        assertThat(big.header("store")).isEqualTo("1433");
        assertThat(bad.header("fraud.status")).isEqualTo("unparsed");
    }
}
