package io.flafka.dist.kafka;

import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The development broker ({@link KafkaServerMain}) in a child JVM started from this JVM's own classpath,
 * so that it neither shares the agent's heap nor its fate. Its output goes to a log file; its stdin is a
 * pipe that closes when this JVM ends, which stops the broker even if this JVM is killed.
 * {@link #close()} (SIGTERM, then waiting for the broker to shut down) is called by one thread.
 */
public final class BrokerProcess implements AutoCloseable {
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final String bootstrapServers;
    private final Path log;

    private BrokerProcess(Process process, String bootstrapServers, Path log) {
        this.process = process;
        this.bootstrapServers = bootstrapServers;
        this.log = log;
    }

    /** Starts the broker with its data under {@code dir} on free ports; {@code log} receives its output. */
    public static BrokerProcess start(Path dir, Path log) throws IOException {
        int port = FreePorts.pick();
        int controllerPort = FreePorts.pick();
        Files.createDirectories(log.toAbsolutePath().getParent());
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xms64m");
        cmd.add("-Xmx512m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-Dflafka.log.level=INFO");
        // the built-in logging configuration (console only): the console is the log file here
        URL logback = BrokerProcess.class.getResource("/io/flafka/dist/logback-default.xml");
        if (logback != null) {
            cmd.add("-Dlogback.configurationFile=" + logback);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(KafkaServerMain.class.getName());
        cmd.addAll(List.of("--dir", dir.toAbsolutePath().toString(), "--port", Integer.toString(port),
                "--controller-port", Integer.toString(controllerPort), "--exit-with-parent"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.to(log.toFile())).start();
        return new BrokerProcess(p, "127.0.0.1:" + port, log);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public long pid() {
        return process.pid();
    }

    public Path log() {
        return log;
    }

    /**
     * Waits until the broker reports {@link KafkaServerMain#READY} in its log.
     *
     * @throws IllegalStateException when it stops first or does not get ready in time
     */
    public void awaitReady(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (logContains(KafkaServerMain.READY)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the Kafka broker stopped (exit code " + process.exitValue()
                        + "); its log " + log + " ends with:\n" + logTail(20));
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the Kafka broker was not ready after " + timeout.toSeconds() + " s; its log "
                + log + " ends with:\n" + logTail(20));
    }

    private boolean logContains(String text) {
        try {
            return Files.readString(log, StandardCharsets.UTF_8).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    /** The last lines of the broker's output, to explain a failed start. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(cannot read " + log + ": " + e.getMessage() + ")";
        }
    }

    /** Asks the broker to stop (SIGTERM), waits for it, and kills it if it does not stop in time. */
    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
