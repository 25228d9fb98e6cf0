package io.flafka.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.metrics.SourceCounter;
import io.flafka.avro.client.AvroClient;
import io.flafka.avro.source.AvroSource;
import io.flafka.testkit.CollectingChannelProcessor;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AvroClientTest {
    @TempDir
    Path dir;
    private final CollectingChannelProcessor received = new CollectingChannelProcessor();
    private AvroSource source;

    @BeforeEach
    void startSource() throws Exception {
        source = Fixtures.source(Fixtures.sourceConfig(), new SourceCounter("r1"));
        source.start(received);
    }

    @AfterEach
    void stopSource() {
        source.stop();
    }

    @Test
    void sendsEachLineOfAFileWithTheHeaderFile() throws Exception {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < 230; i++) {
            lines.add("line " + i + " \u00e9");
        }
        Path file = Files.write(dir.resolve("in.txt"), lines, StandardCharsets.UTF_8);
        Path headers = Files.writeString(dir.resolve("h.properties"), "env = prod\nteam: ingest\n");
        long sent = new AvroClient(AvroClient.Options.of("127.0.0.1", source.localPort(), file, headers))
                .run(InputStreamNever.INSTANCE);
        assertThat(sent).isEqualTo(230);
        assertThat(received.bodies()).containsExactlyElementsOf(lines);
        assertThat(received.events()).allSatisfy(e -> assertThat(e.headers())
                .isEqualTo(Map.of("env", "prod", "team", "ingest")));
        assertThat(received.batches()).hasSize(3);
    }

    @Test
    void readsStandardInputWithoutAFile() throws Exception {
        byte[] in = "a\nb\r\nc".getBytes(StandardCharsets.UTF_8);
        AvroClient.Options o = new AvroClient.Options("127.0.0.1", source.localPort(), null, null, 2, 5000, 5000);
        assertThat(new AvroClient(o).run(new ByteArrayInputStream(in))).isEqualTo(3);
        assertThat(received.bodies()).containsExactly("a", "b", "c");
        assertThat(received.batches()).hasSize(2);
    }

    @Test
    void sendsEveryFileOfADirectoryInNameOrder() throws Exception {
        Path d = Files.createDirectories(dir.resolve("spool"));
        Files.writeString(d.resolve("b.log"), "b1\nb2\n");
        Files.writeString(d.resolve("a.log"), "a1\n");
        Files.createDirectories(d.resolve("sub"));
        long sent = new AvroClient(AvroClient.Options.of("127.0.0.1", source.localPort(), d, null))
                .run(InputStreamNever.INSTANCE);
        assertThat(sent).isEqualTo(3);
        assertThat(received.bodies()).containsExactly("a1", "b1", "b2");
    }

    @Test
    void failuresAreClear() throws Exception {
        Path file = Files.writeString(dir.resolve("in.txt"), "x\ny\n");
        received.mode(CollectingChannelProcessor.Mode.FULL);
        assertThatThrownBy(() -> new AvroClient(AvroClient.Options.of("127.0.0.1", source.localPort(), file, null))
                .run(InputStreamNever.INSTANCE)).isInstanceOf(AvroClient.AvroClientException.class)
                .hasMessageContaining("after 0 were delivered").hasMessageContaining("FAILED");
        assertThatThrownBy(() -> new AvroClient(AvroClient.Options.of("127.0.0.1", source.localPort(),
                dir.resolve("missing.txt"), null)).run(InputStreamNever.INSTANCE))
                .hasMessageContaining("file not found");
        int closed = Fixtures.freePort();
        assertThatThrownBy(() -> new AvroClient(AvroClient.Options.of("127.0.0.1", closed, file, null))
                .run(InputStreamNever.INSTANCE)).hasMessageContaining("127.0.0.1:" + closed);
    }

    /** Fails the test if the client reads standard input when it was given a file. */
    private static final class InputStreamNever extends java.io.InputStream {
        static final InputStreamNever INSTANCE = new InputStreamNever();

        @Override
        public int read() {
            throw new AssertionError("stdin must not be read when a file is given");
        }
    }
}
