package io.flafka.bench.e2e;

import io.flafka.core.config.LoadResult;
import io.flafka.core.metrics.CounterRegistry;
import io.flafka.core.registry.ComponentRegistry;
import io.flafka.core.runtime.Agent;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;

/**
 * The main class of an agent JVM ({@link AgentJvm}): reads requests on standard input, one per line, and
 * answers each on standard output. {@code SETTLE}: a full GC and a wait until the JIT is idle. {@code RUN}:
 * one measured agent run ({@link AgentRun#measure}), answered {@code STARTED} once the agent started (the runner
 * then starts its feeder) and {@code DONE} with the figures. {@code START}/{@code STOP}: an agent measured from
 * outside (the latency scenario). A request that fails is answered {@code FAILED}; the end of standard input
 * ends the JVM.
 */
public final class AgentHost {
    private AgentHost() {
    }

    public static void main(String[] args) throws Exception {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), true,
                StandardCharsets.UTF_8);
        // anything else writing to standard output (a library) must not interleave with the answers
        System.setOut(System.err);
        ComponentRegistry registry = ComponentRegistry.discover(AgentHost.class.getClassLoader());
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        Agent running = null;
        for (String line; (line = in.readLine()) != null; ) {
            if (line.isBlank()) {
                continue;
            }
            Properties request = AgentJvm.decode(line);
            String command = request.getProperty("@cmd", "");
            try {
                switch (command) {
                    case "SETTLE" -> {
                        Meter.settleJvm();
                        answer(out, "SETTLED", new Properties());
                    }
                    case "RUN" -> {
                        LoadResult config = load(registry, request);
                        long events = Long.parseLong(request.getProperty("@events"));
                        boolean hasSource = Boolean.parseBoolean(request.getProperty("@hasSource"));
                        ProcessHandle broker = ProcessHandle.of(Long.parseLong(request.getProperty("@brokerPid")))
                                .orElseThrow(() -> new IllegalStateException("the broker process is gone"));
                        AgentRun run = AgentRun.measure(config, events, hasSource, broker,
                                () -> answer(out, "STARTED", new Properties()));
                        answer(out, "DONE", run.toProperties());
                    }
                    case "START" -> {
                        running = new Agent(load(registry, request).spec(), new CounterRegistry());
                        running.start();
                        answer(out, "STARTED", new Properties());
                    }
                    case "STOP" -> {
                        if (running != null) {
                            running.close();
                            running = null;
                        }
                        answer(out, "STOPPED", new Properties());
                    }
                    default -> throw new IllegalArgumentException("unknown request '" + command + "'");
                }
            } catch (Exception | Error e) {
                e.printStackTrace();
                Properties failed = new Properties();
                failed.setProperty("@error", String.valueOf(e));
                answer(out, "FAILED", failed);
            }
        }
        if (running != null) {
            running.close();
        }
    }

    /** The request's agent properties (its keys without the {@code @} of the protocol's own). */
    private static LoadResult load(ComponentRegistry registry, Properties request) {
        Map<String, String> props = new LinkedHashMap<>();
        for (String k : request.stringPropertyNames()) {
            if (!k.startsWith("@")) {
                props.put(k, request.getProperty(k));
            }
        }
        return Scenarios.load(registry, props);
    }

    private static synchronized void answer(PrintStream out, String answer, Properties p) {
        p.setProperty("@answer", answer);
        out.println(AgentJvm.ANSWER + AgentJvm.encode(p));
    }
}
