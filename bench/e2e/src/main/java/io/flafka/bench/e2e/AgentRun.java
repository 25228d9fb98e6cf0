package io.flafka.bench.e2e;

import io.flafka.api.metrics.SinkCounter;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.core.config.LoadResult;
import io.flafka.core.metrics.CounterRegistry;
import io.flafka.core.runtime.Agent;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one agent until its sink {@code k1} has drained {@code n} events and takes the timings: start, first
 * event accepted (by source {@code r1}, or first drained when there is no source), last drained; CPU and
 * peak RSS of the agent's JVM around it, and every counter of the agent. The agent runs in the scenario's own
 * JVM ({@link AgentJvm}, the default) or in the runner's ({@code --agent-jvm shared}); the measurement is the
 * same code in both ({@link #measure}), run where the agent is.
 */
final class AgentRun {
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(60);

    final long startCallNanos;
    final long firstNanos;
    final long wallNanos;
    final long steadyNanos;
    final long cpuNanos;
    final long brokerCpuNanos;
    final double peakRssMb;
    final long drained;
    final long accepted;
    final boolean finished;
    /** The Kafka components' own timers (poll, commit, send), when they ran. */
    final String timers;
    /** Every counter of the agent at the end, as {@code TYPE.name.counter} (e.g. {@code CHANNEL.c1.FsyncCount}). */
    final Map<String, Long> counters;
    /** True when the agent ran in a JVM of its own: the runner's client threads are not in its CPU time. */
    final boolean ownJvm;

    private AgentRun(long startCallNanos, long firstNanos, long wallNanos, long steadyNanos, long cpuNanos,
                     long brokerCpuNanos, double peakRssMb, long drained, long accepted, boolean finished, String timers,
                     Map<String, Long> counters, boolean ownJvm) {
        this.startCallNanos = startCallNanos;
        this.firstNanos = firstNanos;
        this.wallNanos = wallNanos;
        this.steadyNanos = steadyNanos;
        this.cpuNanos = cpuNanos;
        this.brokerCpuNanos = brokerCpuNanos;
        this.peakRssMb = peakRssMb;
        this.drained = drained;
        this.accepted = accepted;
        this.finished = finished;
        this.timers = timers;
        this.counters = counters;
        this.ownJvm = ownJvm;
    }

    /**
     * Runs the scenario's agent (in its own JVM unless the runner shares its own) until it drained the events.
     *
     * @param scenario the scenario id: its warm-up and repetitions share one agent JVM
     * @param feeder started on its own thread (in the runner) once the agent has started, e.g. the netcat client;
     *     or null
     */
    static AgentRun run(Scenarios.Env env, String scenario, Map<String, String> props, boolean hasSource,
                        Runnable feeder) throws Exception {
        Thread[] feed = new Thread[1];
        Runnable startFeeder = () -> {
            if (feeder != null) {
                feed[0] = new Thread(feeder, "bench-feeder");
                feed[0].start();
            }
        };
        AgentRun run;
        if (env.agentJvms() != null) {
            run = env.agentJvms().forScenario(scenario).run(props, env.events(), hasSource, env.broker(), startFeeder);
        } else {
            run = measure(env.load(props), env.events(), hasSource, env.broker(), startFeeder);
        }
        if (feed[0] != null) {
            feed[0].join(TimeUnit.SECONDS.toMillis(60));
        }
        return run;
    }

    /**
     * How long the watching loop sleeps: 1 ms until the first event (launch time), then about half the time the
     * current rate needs for the rest, between 1 and 50 ms. Polling every 2 ms cost the agent's side 30-140 ms of
     * CPU per million events (hundreds of wake-ups on the agent's 2 cores) that the raw clients, which measure
     * themselves inline, do not pay; this keeps the end exact to about 1 ms with a few dozen wake-ups.
     */
    static long pollInterval(long firstNanos, long nowNanos, long drained, long target) {
        long min = 1_000_000L;
        if (firstNanos == 0 || drained <= 0 || drained >= target) {
            return min;
        }
        double nanosPerEvent = (double) (nowNanos - firstNanos) / drained;
        long half = (long) ((target - drained) * nanosPerEvent / 2);
        return Math.max(min, Math.min(50_000_000L, half));
    }

    /**
     * Starts the agent in this JVM, calls {@code onStarted}, waits until sink {@code k1} drained {@code n} events
     * (or made no progress for a minute), stops it, and returns the figures; CPU and peak RSS are this JVM's.
     */
    static AgentRun measure(LoadResult config, long n, boolean hasSource, ProcessHandle broker, Runnable onStarted) {
        CounterRegistry counters = new CounterRegistry();
        SourceCounter source = hasSource ? counters.source("r1") : null;
        SinkCounter sink = counters.sink("k1");
        System.gc();
        Meter.resetPeakRss();
        long cpu0 = Meter.cpuNanos();
        long broker0 = Meter.cpuNanos(broker);
        long jit0 = Meter.jitMillis();
        long gc0 = Meter.gcMillis();
        long t0 = System.nanoTime();
        long first = 0;
        long last;
        long startCall;
        boolean finished;
        long cpu1;
        long broker1;
        double rss;
        String timers;
        try (Agent agent = new Agent(config.spec(), counters)) {
            agent.start();
            startCall = System.nanoTime() - t0;
            onStarted.run();
            long lastProgress = System.nanoTime();
            long seen = 0;
            while (true) {
                long now = System.nanoTime();
                if (first == 0 && (hasSource ? source.get(SourceCounter.EVENT_ACCEPTED) : sink.get(SinkCounter.DRAIN_SUCCESS)) > 0) {
                    first = now;
                }
                long d = sink.get(SinkCounter.DRAIN_SUCCESS);
                if (d >= n) {
                    finished = true;
                    break;
                }
                if (d != seen) {
                    seen = d;
                    lastProgress = now;
                } else if (now - lastProgress > STALL_NANOS) {
                    finished = false;
                    break;
                }
                LockSupport.parkNanos(pollInterval(first, now, d, n));
            }
            last = System.nanoTime();
            cpu1 = Meter.cpuNanos();
            broker1 = Meter.cpuNanos(broker);
            rss = Meter.peakRssMb();
            timers = timers(hasSource ? source : null, sink) + "; jit " + (Meter.jitMillis() - jit0) + " ms, gc "
                    + (Meter.gcMillis() - gc0) + " ms";
        }
        long drained = sink.get(SinkCounter.DRAIN_SUCCESS);
        long accepted = hasSource ? source.get(SourceCounter.EVENT_ACCEPTED) : drained;
        if (first == 0) {
            first = last;
        }
        Map<String, Long> all = new LinkedHashMap<>();
        counters.all().forEach((group, g) -> g.snapshot().forEach((k, v) -> all.put(group + "." + k, v)));
        return new AgentRun(startCall, first - t0, last - t0, last - first, cpu1 - cpu0, broker1 - broker0, rss,
                drained, accepted, finished, timers, all, false);
    }

    /** A counter of the agent at the end, or 0: {@code counter("CHANNEL", "c1", "FsyncCount")}. */
    long counter(String type, String component, String name) {
        return counters.getOrDefault(type + "." + component + "." + name, 0L);
    }

    /** The figures as properties, to send from an agent JVM to the runner. */
    Properties toProperties() {
        Properties p = new Properties();
        p.setProperty("startCallNanos", Long.toString(startCallNanos));
        p.setProperty("firstNanos", Long.toString(firstNanos));
        p.setProperty("wallNanos", Long.toString(wallNanos));
        p.setProperty("steadyNanos", Long.toString(steadyNanos));
        p.setProperty("cpuNanos", Long.toString(cpuNanos));
        p.setProperty("brokerCpuNanos", Long.toString(brokerCpuNanos));
        p.setProperty("peakRssMb", Double.toString(peakRssMb));
        p.setProperty("drained", Long.toString(drained));
        p.setProperty("accepted", Long.toString(accepted));
        p.setProperty("finished", Boolean.toString(finished));
        p.setProperty("timers", timers);
        counters.forEach((k, v) -> p.setProperty("counter." + k, Long.toString(v)));
        return p;
    }

    /** The figures an agent JVM sent ({@link #toProperties}). */
    static AgentRun fromProperties(Properties p) {
        Map<String, Long> counters = new LinkedHashMap<>();
        for (String k : p.stringPropertyNames()) {
            if (k.startsWith("counter.")) {
                counters.put(k.substring("counter.".length()), Long.parseLong(p.getProperty(k)));
            }
        }
        return new AgentRun(num(p, "startCallNanos"), num(p, "firstNanos"), num(p, "wallNanos"), num(p, "steadyNanos"),
                num(p, "cpuNanos"), num(p, "brokerCpuNanos"), Double.parseDouble(p.getProperty("peakRssMb")),
                num(p, "drained"), num(p, "accepted"), Boolean.parseBoolean(p.getProperty("finished")),
                p.getProperty("timers", ""), counters, true);
    }

    private static long num(Properties p, String key) {
        return Long.parseLong(p.getProperty(key));
    }

    /** Milliseconds the Kafka source spent in poll and in offset commits, and the Kafka sink in send + acks. */
    private static String timers(SourceCounter source, SinkCounter sink) {
        StringBuilder b = new StringBuilder();
        if (source != null && source.get("KafkaCommitTimer") + source.get("KafkaEventGetTimer") > 0) {
            b.append("src poll ").append(source.get("KafkaEventGetTimer")).append(" ms, commit ")
                    .append(source.get("KafkaCommitTimer")).append(" ms");
        }
        if (sink.get("KafkaEventSendTimer") > 0) {
            b.append(b.length() > 0 ? "; " : "").append("sink send+acks ").append(sink.get("KafkaEventSendTimer"))
                    .append(" ms");
        }
        // full batches: the channel had a backlog (the sink is the bottleneck); partial/empty: the sink waited
        long full = sink.get(SinkCounter.BATCH_COMPLETE);
        long partial = sink.get(SinkCounter.BATCH_UNDERFLOW);
        long empty = sink.get(SinkCounter.BATCH_EMPTY);
        if (full + partial + empty > 0) {
            b.append(b.length() > 0 ? "; " : "").append("sink batches full/partial/empty ").append(full).append('/')
                    .append(partial).append('/').append(empty);
        }
        return b.toString();
    }

    Result result(String id, String title, Scenarios.Env env, String baseline, Verification v, String note) {
        return result(id, title, env, baseline, v, note, 0);
    }

    /**
     * @param cpuExcluded CPU time of the runner's load generator threads: subtracted when the agent shared the
     *     runner's JVM (a JVM of its own never counted it)
     */
    Result result(String id, String title, Scenarios.Env env, String baseline, Verification v, String note,
                  long cpuExcluded) {
        String n = (finished ? "" : "STALLED; ") + note + (timers.isEmpty() ? "" : (note.isEmpty() ? "" : "; ") + timers);
        return new Result(id, title, drained, env.bodies().size(), wallNanos, steadyNanos,
                cpuNanos - (ownJvm ? 0 : cpuExcluded),
                peakRssMb,
                brokerCpuNanos, baseline, v, n);
    }
}
