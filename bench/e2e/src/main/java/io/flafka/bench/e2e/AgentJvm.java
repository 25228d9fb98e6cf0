package io.flafka.bench.e2e;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The runner's end of a JVM that runs one scenario's agents ({@link AgentHost}): its warm-up and its
 * repetitions, one after another, as a deployed agent runs in a process of its own. So the agent's JIT
 * profiles are its own (sharing the runner's JVM, the Kafka producer's code was compiled for the raw producer
 * and the sink in turn, and recompiled during measured runs), and its CPU time and peak RSS are the agent's
 * alone. Requests and answers are single lines of Base64-encoded properties; the child's other output goes
 * to the runner's standard error.
 */
final class AgentJvm implements AutoCloseable {
    /** Marks the child's answers on its standard output. */
    static final String ANSWER = "@@flafka-agent-jvm ";
    /** The agent JVM's options unless {@code -Dflafka.bench.agent.jvm} (run-e2e.sh: AGENT_JAVA_OPTS) says otherwise. */
    static final String DEFAULT_OPTIONS = "-Xms1g -Xmx1g -XX:+AlwaysPreTouch";

    final String scenario;
    private final Process process;
    private final Writer requests;
    private final BufferedReader answers;

    private AgentJvm(String scenario, Process process) {
        this.scenario = scenario;
        this.process = process;
        this.requests = process.outputWriter(StandardCharsets.UTF_8);
        this.answers = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
    }

    static String options() {
        String o = System.getProperty("flafka.bench.agent.jvm", "");
        return o.isBlank() ? DEFAULT_OPTIONS : o.trim();
    }

    /** Starts a JVM for {@code scenario}'s agents, with this runner's class path and these extra options. */
    static AgentJvm start(String scenario, List<String> extraOptions) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(options().replace("{name}", scenario).split("\\s+")));
        cmd.addAll(extraOptions);
        String level = System.getProperty("flafka.bench.log.level");
        if (level != null) {
            cmd.add("-Dflafka.bench.log.level=" + level);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(AgentHost.class.getName());
        Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        return new AgentJvm(scenario, p);
    }

    long pid() {
        return process.pid();
    }

    /** Settles the agent JVM, then runs one measured agent there (see {@link AgentRun#measure}). */
    AgentRun run(Map<String, String> props, long events, boolean hasSource, ProcessHandle broker, Runnable onStarted)
            throws IOException {
        request("SETTLE", Map.of());
        expect("SETTLED");
        Properties r = new Properties();
        r.putAll(props);
        r.setProperty("@events", Long.toString(events));
        r.setProperty("@hasSource", Boolean.toString(hasSource));
        r.setProperty("@brokerPid", Long.toString(broker.pid()));
        request("RUN", r);
        expect("STARTED");
        onStarted.run();
        return AgentRun.fromProperties(expect("DONE"));
    }

    /** Starts an agent there and returns once it started (the latency scenario measures it from outside). */
    void startAgent(Map<String, String> props) throws IOException {
        request("SETTLE", Map.of());
        expect("SETTLED");
        request("START", props);
        expect("STARTED");
    }

    /** Stops the agent {@link #startAgent} started. */
    void stopAgent() throws IOException {
        request("STOP", Map.of());
        expect("STOPPED");
    }

    private void request(String command, Map<?, ?> props) throws IOException {
        Properties p = new Properties();
        p.putAll(props);
        p.setProperty("@cmd", command);
        requests.write(encode(p));
        requests.write('\n');
        requests.flush();
    }

    /** Reads answers until {@code what}; the child's other output lines go to standard error. */
    private Properties expect(String what) throws IOException {
        for (String line; (line = answers.readLine()) != null; ) {
            if (!line.startsWith(ANSWER)) {
                System.err.println("[agent jvm " + scenario + "] " + line);
                continue;
            }
            Properties p = decode(line.substring(ANSWER.length()));
            String answer = p.getProperty("@answer");
            if (answer.equals(what)) {
                return p;
            }
            throw new IllegalStateException("agent JVM of " + scenario + " answered " + answer + " instead of " + what
                    + (p.getProperty("@error") != null ? ": " + p.getProperty("@error") : ""));
        }
        throw new IllegalStateException("agent JVM of " + scenario + " ended (exit code " + exitCode() + ") before "
                + what);
    }

    private String exitCode() {
        try {
            return process.waitFor(5, TimeUnit.SECONDS) ? Integer.toString(process.exitValue()) : "none, still running";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "unknown";
        }
    }

    static String encode(Properties p) {
        try {
            StringWriter w = new StringWriter();
            p.store(w, null);
            return Base64.getEncoder().encodeToString(w.toString().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Properties decode(String line) {
        try {
            Properties p = new Properties();
            p.load(new StringReader(new String(Base64.getDecoder().decode(line.trim()), StandardCharsets.UTF_8)));
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Ends the JVM: its standard input closes, it exits; forcibly after 30 s. */
    @Override
    public void close() {
        try {
            requests.close();
        } catch (IOException e) {
            // already gone
        }
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
    }

    /**
     * The agent JVMs of a benchmark: the current scenario's, started on its first request and ended when another
     * scenario asks for its own, unless it is {@code kept} (the latency scenario f runs in c's JVM, warmed by c's
     * runs of the same components).
     */
    static final class Pool implements AutoCloseable {
        private final Set<String> kept;
        private final List<String> options;
        private final Map<String, AgentJvm> live = new LinkedHashMap<>();

        /** {@code kept}: scenarios whose JVM outlives the next scenario's; {@code options}: added to every JVM's. */
        Pool(Set<String> kept, List<String> options) {
            this.kept = kept;
            this.options = options;
        }

        /** The JVM of {@code scenario}, started on its first request (the previous scenarios' ended, unless kept). */
        synchronized AgentJvm forScenario(String scenario) throws IOException {
            AgentJvm j = live.get(scenario);
            if (j != null && j.process.isAlive()) {
                return j;
            }
            for (Iterator<Map.Entry<String, AgentJvm>> it = live.entrySet().iterator(); it.hasNext(); ) {
                Map.Entry<String, AgentJvm> e = it.next();
                if (!kept.contains(e.getKey()) || !e.getValue().process.isAlive()) {
                    e.getValue().close();
                    it.remove();
                }
            }
            j = start(scenario, options);
            live.put(scenario, j);
            return j;
        }

        @Override
        public synchronized void close() {
            live.values().forEach(AgentJvm::close);
            live.clear();
        }
    }
}
