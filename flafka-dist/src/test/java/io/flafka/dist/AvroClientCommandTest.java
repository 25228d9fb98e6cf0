package io.flafka.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.config.Config;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.avro.source.AvroSource;
import io.flafka.avro.source.AvroSourceProvider;
import io.flafka.testkit.CollectingChannelProcessor;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code flafka avro-client} against a real avro source on 127.0.0.1. */
class AvroClientCommandTest {
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    @Test
    void sendsEveryLineWithTheHeaderFile() throws Exception {
        Path file = Files.write(dir.resolve("events.txt"), List.of("one", "two", "three"));
        Path headers = Files.write(dir.resolve("headers.properties"), List.of("origin = test"));
        AvroSourceProvider provider = new AvroSourceProvider();
        Config config = Config.parse(provider.configDef(), Map.of("bind", "127.0.0.1", "port", "0"));
        AvroSource source = (AvroSource) provider.create(
                new ComponentContext("a1", "r1", ComponentKind.SOURCE, config, new SourceCounter("r1")));
        CollectingChannelProcessor processor = new CollectingChannelProcessor();
        source.start(processor);
        try {
            int code = run("avro-client", "-H", "127.0.0.1", "-p", Integer.toString(source.localPort()),
                    "-F", file.toString(), "-R", headers.toString());
            assertThat(code).as(err.toString()).isZero();
            assertThat(out.toString()).contains("Sent 3 event(s)");
            assertThat(processor.events()).extracting(e -> e.bodyAsString()).containsExactly("one", "two", "three");
            assertThat(processor.events()).allSatisfy(e -> assertThat(e.header("origin")).isEqualTo("test"));
        } finally {
            source.stop();
        }
    }

    @Test
    void unreachableSourceIsAClearFailureWithoutStackTrace() throws Exception {
        Path file = Files.write(dir.resolve("events.txt"), List.of("one"));
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        assertThat(run("avro-client", "-H", "127.0.0.1", "-p", Integer.toString(port), "-F", file.toString()))
                .isEqualTo(Main.FAILURE);
        assertThat(err.toString()).contains("avro-client:").doesNotContain("\tat ");
    }

    @Test
    void missingFileIsAUsageError() {
        assertThat(run("avro-client", "-H", "127.0.0.1", "-p", "4141", "-F", dir.resolve("nope").toString()))
                .isEqualTo(Main.USAGE);
        assertThat(err.toString()).contains("no such file");
    }
}
