package io.flafka.dist;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.Event;
import io.flafka.api.Transaction;
import io.flafka.api.metrics.ChannelCounter;
import io.flafka.channel.file.FileChannel;
import io.flafka.channel.file.FileChannelConfig;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ChannelCommandTest {
    @TempDir
    Path tmp;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cl = Main.commandLine();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private void fill() throws Exception {
        FileChannel c = new FileChannel("c", FileChannelConfig.Settings.of(tmp.resolve("checkpoint"),
                tmp.resolve("data"), 100, 10), new ChannelCounter("c"));
        c.start();
        try (Transaction tx = c.begin()) {
            for (int i = 0; i < 7; i++) {
                tx.put(Event.ofString("event-number-" + i));
            }
            tx.commit();
        }
        c.stop();
    }

    @Test
    void inspectPrintsPendingEvents() throws Exception {
        fill();
        assertThat(run("channel", "inspect", tmp.toString())).isZero();
        assertThat(out.toString()).contains("events pending:  7").contains("log-");
    }

    @Test
    void verifyExitsNonZeroOnDamage() throws Exception {
        fill();
        assertThat(run("channel", "verify", tmp.resolve("checkpoint").toString(), tmp.resolve("data").toString()))
                .isZero();
        assertThat(out.toString()).contains("OK");
        Path seg;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(tmp.resolve("data"), "log-*.wal")) {
            seg = ds.iterator().next();
        }
        byte[] bytes = Files.readAllBytes(seg);
        int at = new String(bytes, StandardCharsets.ISO_8859_1).indexOf("event-number-3");
        bytes[at] ^= 1;
        Files.write(seg, bytes);
        assertThat(run("channel", "verify", tmp.toString())).isEqualTo(Main.FAILURE);
        assertThat(err.toString()).contains("problem(s) found").contains(seg.toString());
    }

    @Test
    void missingSubcommandIsAUsageError() {
        assertThat(run("channel")).isEqualTo(Main.USAGE);
    }
}
