package io.flafka.bench.e2e;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Runs one Flume 1.11 agent ({@link FlumeProcess}) until a counter of its metrics says {@code n} events were
 * drained, and takes the same figures as {@link AgentRun} does for a Flafka agent, from the outside:
 * wall time from the child's launch, the rate window from the first metrics sample that shows events, the
 * child's CPU in that window and its peak RSS.
 *
 * <p>Flume starts its HTTP monitoring server after its components, so on a quick pipeline the first sample can
 * already show {@code d0 > 0} drained events. The rate and the CPU are then taken over the remaining
 * {@code n - d0} events and scaled to {@code n} (the note says so); the child's CPU from launch, JVM start-up
 * included, is in the note as well.
 */
final class FlumeRun {
    private static final long STALL_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final long START_TIMEOUT_NANOS = TimeUnit.SECONDS.toNanos(180);
    /**
     * Each sample costs the child a JMX walk and a JSON rendering (a few ms of its CPU when cold: sampling every
     * 20 ms took a fifth of Flume's CPU samples in a profile of gF), so 100 ms: the times are within 0.1 s.
     */
    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    /** Which counters say that an event was accepted (first) and drained (done); component is e.g. "CHANNEL.c1". */
    record Counters(String acceptedComponent, String acceptedName, String drainedComponent, String drainedName) {
    }

    final long wallNanos;
    final long firstNanos;
    final long steadyNanos;
    final long cpuNanos;
    final long totalCpuNanos;
    final long brokerCpuNanos;
    final double peakRssMb;
    final long drained;
    final long accepted;
    final long drainedAtFirstSample;
    final boolean finished;
    final long stopNanos;
    /** The child's WARN and ERROR log lines (all, including its stop), and how many came before the stop. */
    final List<String> warnings;
    final int warningsBeforeStop;
    final String secondHalf;
    final String timers;

    private FlumeRun(long wallNanos, long firstNanos, long steadyNanos, long cpuNanos, long totalCpuNanos,
                     long brokerCpuNanos, double peakRssMb, long drained, long accepted, long drainedAtFirstSample,
                     boolean finished, long stopNanos, List<String> warnings, int warningsBeforeStop,
                     String secondHalf, String timers) {
        this.wallNanos = wallNanos;
        this.firstNanos = firstNanos;
        this.steadyNanos = steadyNanos;
        this.cpuNanos = cpuNanos;
        this.totalCpuNanos = totalCpuNanos;
        this.brokerCpuNanos = brokerCpuNanos;
        this.peakRssMb = peakRssMb;
        this.drained = drained;
        this.accepted = accepted;
        this.drainedAtFirstSample = drainedAtFirstSample;
        this.finished = finished;
        this.stopNanos = stopNanos;
        this.warnings = warnings;
        this.warningsBeforeStop = warningsBeforeStop;
        this.secondHalf = secondHalf;
        this.timers = timers;
    }

    static FlumeRun run(Scenarios.Env env, String name, Map<String, String> props, Counters counters)
            throws Exception {
        long n = env.events();
        Scenarios.Probe begin = env.probe();
        long first = 0;
        long d0 = 0;
        long cpuAtFirst = 0;
        long half = 0;
        long cpuAtHalf = 0;
        long last;
        long cpuEnd;
        double rss;
        boolean finished;
        Map<String, Map<String, String>> m = null;
        long stopNanos;
        List<String> warnings;
        int warningsBeforeStop;
        FlumeProcess flume = new FlumeProcess(env.workDir(), name, Scenarios.AGENT, props,
                FlumeProcess.runnerHeapOptions());
        try {
            DrainWatch watch = new DrainWatch(n, STALL_NANOS, System.nanoTime());
            DrainWatch.State state = DrainWatch.State.RUNNING;
            while (state == DrainWatch.State.RUNNING) {
                m = flume.metrics();
                long now = System.nanoTime();
                if (m == null) {
                    if (!flume.alive() || now - flume.launchNanos() > START_TIMEOUT_NANOS) {
                        throw new IllegalStateException("Flume did not come up (" + (flume.alive() ? "no metrics"
                                : "exited") + "); its log ends with:\n" + flume.logTail(30));
                    }
                    watch.waiting(now);
                } else {
                    long d = Math.max(0, FlumeProcess.counter(m, counters.drainedComponent(), counters.drainedName()));
                    long a = FlumeProcess.counter(m, counters.acceptedComponent(), counters.acceptedName());
                    if (first == 0 && (a > 0 || d > 0)) {
                        first = now;
                        d0 = d;
                        cpuAtFirst = flume.cpuNanos();
                    }
                    if (half == 0 && d >= n / 2) {
                        half = now;
                        cpuAtHalf = flume.cpuNanos();
                    }
                    state = watch.sample(d, now);
                }
                if (state == DrainWatch.State.RUNNING) {
                    TimeUnit.NANOSECONDS.sleep(POLL_NANOS);
                }
            }
            finished = state == DrainWatch.State.DONE;
            last = System.nanoTime();
            cpuEnd = flume.cpuNanos();
            rss = flume.peakRssMb();
            // a second look a moment later: a null sink keeps nothing, so "nothing more drained" is the check
            Thread.sleep(1000);
            Map<String, Map<String, String>> later = flume.metrics();
            m = later == null ? m : later;
        } finally {
            warningsBeforeStop = flume.warnings().size();
            long stopAt = System.nanoTime();
            flume.close();
            stopNanos = System.nanoTime() - stopAt;
            warnings = flume.warnings();
        }
        Scenarios.Probe end = env.probe();
        long drained = FlumeProcess.counter(m, counters.drainedComponent(), counters.drainedName());
        long accepted = FlumeProcess.counter(m, counters.acceptedComponent(), counters.acceptedName());
        if (first == 0) {
            first = last;
        }
        long window = last - first;
        long steady;
        long cpu;
        if (d0 < n && window > 0) {
            double scale = (double) n / (n - d0);
            steady = Math.round(window * scale);
            cpu = Math.round((cpuEnd - cpuAtFirst) * scale);
        } else {
            // everything was drained before the first sample: only the launch-to-end figures are known
            steady = last - flume.launchNanos();
            cpu = cpuEnd;
        }
        // the second half of the events, on a JVM that has compiled its hot paths by then
        String secondHalf = half == 0 || last <= half || n - n / 2 <= 0 ? ""
                : String.format(Locale.ROOT, "second half: %.0f events/s, %.2f cpu us/ev", (n - n / 2) * 1e9 / (last - half),
                        (cpuEnd - cpuAtHalf) / 1e3 / (n - n / 2));
        return new FlumeRun(last - flume.launchNanos(), first - flume.launchNanos(), steady, cpu, cpuEnd,
                end.brokerCpu() - begin.brokerCpu(), rss, drained, accepted, d0, finished, stopNanos,
                warnings, warningsBeforeStop, secondHalf, timers(m));
    }

    /** Flume's Kafka timers: the source's (or the Kafka channel's) poll and commit time. */
    private static String timers(Map<String, Map<String, String>> m) {
        StringBuilder b = new StringBuilder();
        for (String component : new String[] {"SOURCE.r1", "CHANNEL.c1"}) {
            long get = FlumeProcess.counter(m, component, "KafkaEventGetTimer");
            long commit = FlumeProcess.counter(m, component, "KafkaCommitTimer");
            if (get + commit > 0) {
                b.append(b.length() > 0 ? "; " : "").append(component.startsWith("S") ? "src" : "channel")
                        .append(" poll ").append(get).append(" ms, commit ").append(commit).append(" ms");
            }
        }
        return b.toString();
    }

    Result result(String id, String title, Scenarios.Env env, String baseline, Verification v, String note) {
        StringBuilder n = new StringBuilder(finished ? "" : "STALLED; ");
        n.append(note);
        n.append(String.format(Locale.ROOT, "%sFlume child: launch->first sample with events %.1f s, cpu from launch"
                        + " %.1f s, stop %.1f s",
                note.isEmpty() ? "" : "; ", firstNanos / 1e9, totalCpuNanos / 1e9, stopNanos / 1e9));
        if (drainedAtFirstSample > 0) {
            n.append(String.format(Locale.ROOT, "; metrics came up at %d drained: rate and cpu over the rest, scaled",
                    drainedAtFirstSample));
        }
        if (!secondHalf.isEmpty()) {
            n.append("; ").append(secondHalf);
        }
        if (!timers.isEmpty()) {
            n.append("; ").append(timers);
        }
        if (warningsBeforeStop > 0) {
            n.append("; ").append(warningsBeforeStop).append(" WARN/ERROR log lines while running, first: ")
                    .append(warnings.get(0));
        }
        if (warnings.size() > warningsBeforeStop) {
            n.append("; ").append(warnings.size() - warningsBeforeStop).append(" WARN/ERROR log lines at the stop, first: ")
                    .append(warnings.get(warningsBeforeStop));
        }
        return new Result(id, title, Math.max(0, drained), env.bodies().size(), wallNanos, steadyNanos, cpuNanos,
                peakRssMb, brokerCpuNanos, baseline, v, n.toString());
    }
}
