package io.flafka.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuickstartCommandTest {
    @TempDir
    Path dir;

    @Test
    void runsSeqMemoryFileRollForTheDurationAndSaysWhereTheOutputIs() throws Exception {
        PrintStream saved = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        System.setProperty("flafka.status.intervalMs", "200");
        try {
            System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
            code = Main.run("quickstart", "--dir", dir.toString(), "--duration", "3", "--events", "2000");
        } finally {
            System.setOut(saved);
            System.clearProperty("flafka.status.intervalMs");
            System.clearProperty(QuickstartCommand.LOG_LEVEL_PROPERTY);
        }
        String out = captured.toString(StandardCharsets.UTF_8);
        assertThat(code).as(out).isZero();
        Path outDir = dir.toAbsolutePath().resolve("out");
        assertThat(out).contains("output:        " + outDir).contains("ev/s")
                .contains("2,000 events in 1 new file(s) under " + outDir);
        assertThat(dir.resolve("quickstart.properties")).content().contains("quickstart.sources.r1.type = seq");
        long lines = 0;
        try (Stream<Path> s = Files.list(outDir)) {
            for (Path f : s.toList()) {
                lines += Files.readAllLines(f).size();
            }
        }
        assertThat(lines).isEqualTo(2000);
    }
}
