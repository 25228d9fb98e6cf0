package io.flafka.testkit.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real agent in a child JVM, for crash and end-to-end tests: started with the test's own class path,
 * stopped with SIGTERM or killed with SIGKILL ({@code kill -9}). Output goes to a log file the test can read.
 *
 * <pre>{@code
 * try (AgentProcess agent = AgentProcess.flafka(log, "agent", "-n", "a1", "-f", conf.toString(), "--no-reload-conf")) {
 *     ...
 *     agent.kill9();
 * }
 * }</pre>
 */
public final class AgentProcess implements AutoCloseable {
    /** The command-line entry point of the distribution. */
    public static final String FLAFKA_MAIN = "io.flafka.dist.Main";

    private final Process process;
    private final Path log;

    private AgentProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Runs {@code flafka <args>} in a child JVM with the current class path. */
    public static AgentProcess flafka(Path log, String... args) throws IOException {
        return start(FLAFKA_MAIN, List.of(args), log, Map.of(), List.of());
    }

    /**
     * Starts {@code mainClass} in a child JVM.
     *
     * @param sysProps system properties ({@code -Dk=v}) for the child
     * @param jvmOptions further JVM options, e.g. {@code -Xmx256m}
     */
    public static AgentProcess start(String mainClass, List<String> args, Path log, Map<String, String> sysProps,
                                     List<String> jvmOptions) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Paths.get(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx512m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.addAll(jvmOptions);
        sysProps.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(mainClass);
        cmd.addAll(args);
        Files.createDirectories(log.toAbsolutePath().getParent());
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        return new AgentProcess(pb.start(), log);
    }

    /** SIGKILL, then waits for the process to be gone. Nothing of the agent's shutdown logic runs. */
    public void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM and waits for exit; returns the exit code, or -1 if it did not exit in time (then it is killed). */
    public int stop(Duration timeout) throws InterruptedException {
        process.destroy();
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return process.exitValue();
        }
        kill9();
        return -1;
    }

    /** Waits for the process to end by itself; returns its exit code, or -1 on timeout. */
    public int waitFor(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS) ? process.exitValue() : -1;
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

    /** The log so far, for assertion messages. */
    public String logText() {
        try {
            return Files.exists(log) ? Files.readString(log) : "";
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    /** Kills the process if it is still running. */
    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill9();
        }
    }
}
