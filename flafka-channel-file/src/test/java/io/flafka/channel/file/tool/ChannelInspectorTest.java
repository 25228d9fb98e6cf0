package io.flafka.channel.file.tool;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.Event;
import io.flafka.api.Transaction;
import io.flafka.api.metrics.ChannelCounter;
import io.flafka.channel.file.FileChannel;
import io.flafka.channel.file.FileChannelConfig;
import io.flafka.channel.file.Recovery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChannelInspectorTest {
    @TempDir
    Path tmp;

    private void fill() throws Exception {
        FileChannel c = new FileChannel("c", FileChannelConfig.Settings.of(tmp.resolve("checkpoint"),
                tmp.resolve("data"), 100, 10), new ChannelCounter("c"));
        c.start();
        for (int b = 0; b < 3; b++) {
            try (Transaction tx = c.begin()) {
                for (int i = 0; i < 10; i++) {
                    tx.put(Event.ofString("batch" + b + "-event" + i));
                }
                tx.commit();
            }
        }
        try (Transaction tx = c.begin()) {
            tx.take(4, new ArrayList<>());
            tx.commit();
        }
        c.stop();
    }

    @Test
    void inspectCountsPendingEventsAndSegments() throws Exception {
        fill();
        ChannelInspector.Report r = ChannelInspector.inspect(tmp);
        assertThat(r.eventsPending()).isEqualTo(26);
        assertThat(r.segments()).isNotEmpty();
        assertThat(r.totalBytes()).isPositive();
        assertThat(r.checkpointAgeMillis()).isGreaterThanOrEqualTo(0);
        assertThat(r.problems()).isEmpty();
        assertThat(r.format()).contains("events pending:  26");
        assertThat(ChannelInspector.inspect(tmp.resolve("checkpoint"), tmp.resolve("data")).eventsPending())
                .isEqualTo(26);
    }

    @Test
    void verifyFindsAFlippedByte() throws Exception {
        fill();
        assertThat(ChannelInspector.verify(tmp)).isEmpty();
        List<Path> segs = Recovery.listSegments(tmp.resolve("data"));
        Path seg = segs.get(0);
        byte[] bytes = Files.readAllBytes(seg);
        String text = new String(bytes, java.nio.charset.StandardCharsets.ISO_8859_1);
        int at = text.indexOf("batch1-event3");
        bytes[at] ^= 0x20;
        Files.write(seg, bytes);
        List<String> problems = ChannelInspector.verify(tmp);
        assertThat(problems).isNotEmpty();
        assertThat(String.join("\n", problems)).contains("damaged").contains(seg.toString());
    }
}
