package io.flafka.dist;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs the packaged distribution's bin/flafka (after "package"; see the pom). */
class DistributionIT {
    static Path home;

    @TempDir
    Path tmp;

    @BeforeAll
    static void locate() {
        home = Path.of(System.getProperty("flafka.dist.home", "target/flafka")).toAbsolutePath();
        assertThat(home.resolve("bin/flafka")).isExecutable();
    }

    record Result(int code, String out, String err) { }

    Result run(String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(home.resolve("bin/flafka").toString());
        cmd.addAll(List.of(args));
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Result(p.exitValue(), read(out), read(err));
    }

    static String read(Path p) throws IOException {
        return Files.readString(p, StandardCharsets.UTF_8);
    }

    @Test
    void layout() {
        assertThat(home.resolve("conf/logback.xml")).isRegularFile();
        assertThat(home.resolve("conf/flafka-env.sh")).isRegularFile();
        assertThat(home.resolve("examples/seq-memory-file_roll.properties")).isRegularFile();
        assertThat(home.resolve("examples/netcat-memory-logger.properties")).isRegularFile();
        assertThat(home.resolve("lib")).isDirectoryContaining(p -> p.getFileName().toString().startsWith("flafka-kafka"))
                .isDirectoryContaining(p -> p.getFileName().toString().startsWith("flafka-dist"))
                .isDirectoryContaining(p -> p.getFileName().toString().startsWith("picocli"));
        assertThat(home.resolveSibling("flafka-" + Version.get() + ".tar.gz")).isRegularFile();
    }

    @Test
    void version() throws Exception {
        Result r = run("version");
        assertThat(r.code()).isZero();
        assertThat(r.out()).startsWith("Flafka " + Version.get());
    }

    @Test
    void usageMistakesExit2WithoutStackTrace() throws Exception {
        Result r = run("frobnicate");
        assertThat(r.code()).isEqualTo(2);
        assertThat(r.err()).contains("Usage: flafka").doesNotContain("\tat ");
        Result noCommand = run();
        assertThat(noCommand.code()).isEqualTo(2);
    }
}
