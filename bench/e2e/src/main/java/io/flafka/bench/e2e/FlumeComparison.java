package io.flafka.bench.e2e;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The "Flafka / Flume 1.11" section of the summary: each Flafka scenario against its Flume twin of the same run. */
final class FlumeComparison {
    /** A Flafka scenario, its Flume twin, and the minimum Flafka/Flume throughput ratio an issue asks for (or 0). */
    private record Pair(String flafka, String flume, double target, String why) {
    }

    private static final List<Pair> PAIRS = List.of(
            new Pair("a", "aF", 0, ""),
            new Pair("g", "gF", 5.0, "issue 4"),
            new Pair("h", "hF", 0, "issue 5 asks for the comparison"));

    private FlumeComparison() {
    }

    static void print(Map<String, Result> results, LatencyBench.Latency flafka, LatencyBench.Latency flume) {
        boolean any = PAIRS.stream().anyMatch(p -> results.containsKey(p.flume())) || flume != null;
        if (!any) {
            return;
        }
        BenchmarkRunner.out("");
        BenchmarkRunner.out("## Flafka / Flume 1.11 (same run)");
        for (Pair p : PAIRS) {
            Result a = results.get(p.flafka());
            Result f = results.get(p.flume());
            if (f == null) {
                continue;
            }
            if (a == null) {
                BenchmarkRunner.out(String.format(Locale.ROOT, "%-2s / %-2s  %s did not run: Flume alone %.0f events/s, "
                        + "%.2f cpu us/ev", p.flafka(), p.flume(), p.flafka(), f.eventsPerSecond(), cpuPerEvent(f)));
                continue;
            }
            double ratio = f.eventsPerSecond() == 0 ? Double.NaN : a.eventsPerSecond() / f.eventsPerSecond();
            String verdict = !a.verification().ok() || !f.verification().ok() ? "verification FAILED, not comparable"
                    : p.target() > 0 ? String.format(Locale.ROOT, "(%s: target >= %.1f) %s", p.why(), p.target(),
                            ratio >= p.target() ? "MET" : "NOT MET")
                    : p.why();
            BenchmarkRunner.out(String.format(Locale.ROOT,
                    "%-2s / %-2s  %.2f x events/s (%.0f vs %.0f), cpu us/ev %.2f vs %.2f (Flume / Flafka %.2f x) %s",
                    p.flafka(), p.flume(), ratio, a.eventsPerSecond(), f.eventsPerSecond(), cpuPerEvent(a),
                    cpuPerEvent(f), cpuPerEvent(f) / cpuPerEvent(a), verdict).trim());
        }
        if (flume != null) {
            BenchmarkRunner.out(String.format(Locale.ROOT, "fF Flume latency p50 %.1f ms, p99 %.1f ms%s", flume.p50(),
                    flume.p99(), flafka == null ? ""
                            : String.format(Locale.ROOT, "; Flafka f p50 %.1f ms, p99 %.1f ms", flafka.p50(),
                                    flafka.p99())));
        }
    }

    private static double cpuPerEvent(Result r) {
        return r.events() == 0 ? Double.NaN : r.cpuNanos() / 1e3 / r.events();
    }
}
