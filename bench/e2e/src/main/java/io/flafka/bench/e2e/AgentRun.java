package io.flafka.bench.e2e;

import io.flafka.api.metrics.SinkCounter;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.core.config.LoadResult;
import io.flafka.core.metrics.CounterRegistry;
import io.flafka.core.runtime.Agent;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs one in-process agent until its sink {@code k1} has drained {@code n} events and takes the
 * timings: start, first event accepted (by source {@code r1}, or first drained when there is no
 * source), last drained; CPU and peak RSS around it.
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

    private AgentRun(long startCallNanos, long firstNanos, long wallNanos, long steadyNanos, long cpuNanos,
                     long brokerCpuNanos, double peakRssMb, long drained, long accepted, boolean finished, String timers) {
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
    }

    /**
     * @param feeder started on its own thread once the agent has started (e.g. the netcat client), or null
     */
    static AgentRun run(Scenarios.Env env, Map<String, String> props, boolean hasSource, Runnable feeder)
            throws InterruptedException {
        return run(env, props, hasSource, feeder, new CounterRegistry());
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

    /** @param counters the agent's counters, for the caller to read other components' figures afterwards */
    static AgentRun run(Scenarios.Env env, Map<String, String> props, boolean hasSource, Runnable feeder,
                        CounterRegistry counters) throws InterruptedException {
        long n = env.events();
        LoadResult config = env.load(props);
        SourceCounter source = hasSource ? counters.source("r1") : null;
        SinkCounter sink = counters.sink("k1");
        Thread feed = null;
        Scenarios.Probe begin = env.begin();
        long jit0 = Meter.jitMillis();
        long gc0 = Meter.gcMillis();
        long t0 = System.nanoTime();
        long first = 0;
        long last;
        long startCall;
        boolean finished;
        Scenarios.Probe end;
        double rss;
        long drained;
        String timers;
        try (Agent agent = new Agent(config.spec(), counters)) {
            agent.start();
            startCall = System.nanoTime() - t0;
            if (feeder != null) {
                feed = new Thread(feeder, "bench-feeder");
                feed.start();
            }
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
            end = env.probe();
            rss = Meter.peakRssMb();
            timers = timers(hasSource ? source : null, sink) + "; jit " + (Meter.jitMillis() - jit0) + " ms, gc "
                    + (Meter.gcMillis() - gc0) + " ms";
        }
        if (feed != null) {
            feed.join(TimeUnit.SECONDS.toMillis(60));
        }
        drained = sink.get(SinkCounter.DRAIN_SUCCESS);
        long accepted = hasSource ? source.get(SourceCounter.EVENT_ACCEPTED) : drained;
        if (first == 0) {
            first = last;
        }
        return new AgentRun(startCall, first - t0, last - t0, last - first, end.cpu() - begin.cpu(),
                end.brokerCpu() - begin.brokerCpu(), rss, drained, accepted, finished, timers);
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

    /** @param cpuExcluded CPU time of a load generator thread in this JVM, not the agent's */
    Result result(String id, String title, Scenarios.Env env, String baseline, Verification v, String note,
                  long cpuExcluded) {
        String n = (finished ? "" : "STALLED; ") + note + (timers.isEmpty() ? "" : (note.isEmpty() ? "" : "; ") + timers);
        return new Result(id, title, drained, env.bodies().size(), wallNanos, steadyNanos, cpuNanos - cpuExcluded,
                peakRssMb,
                brokerCpuNanos, baseline, v, n);
    }
}
