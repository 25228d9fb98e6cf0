package io.flafka.bench.e2e;

import java.util.Locale;

/**
 * One throughput scenario's figures.
 *
 * @param id short name (raw-consumer, a, b, ...)
 * @param title what ran
 * @param events events moved
 * @param eventSize body size in bytes
 * @param wallNanos from start (agent or client creation) to the last event done
 * @param steadyNanos from the first event accepted to the last event done: the rate's denominator
 * @param cpuNanos CPU time of the benchmark JVM (where the agent or client runs) during the scenario
 * @param peakRssMb peak RSS of the benchmark JVM during the scenario (reset before it), MiB
 * @param brokerCpuNanos CPU time the broker child spent during the scenario
 * @param baseline id of the raw client this scenario compares with, or null
 * @param verification exactly-once check
 * @param note extra figures (launch to first batch, client CPU, ...)
 */
record Result(String id, String title, long events, int eventSize, long wallNanos, long steadyNanos, long cpuNanos,
              double peakRssMb, long brokerCpuNanos, String baseline, Verification verification, String note) {

    /** The same figures under another id (a repetition's). */
    Result withId(String newId) {
        return new Result(newId, title, events, eventSize, wallNanos, steadyNanos, cpuNanos, peakRssMb, brokerCpuNanos,
                baseline, verification, note);
    }

    /** The same figures compared with another baseline run. */
    Result withBaseline(String baselineId) {
        return new Result(id, title, events, eventSize, wallNanos, steadyNanos, cpuNanos, peakRssMb, brokerCpuNanos,
                baselineId, verification, note);
    }

    double eventsPerSecond() {
        return steadyNanos <= 0 ? 0 : events * 1e9 / steadyNanos;
    }

    double megabytesPerSecond() {
        return eventsPerSecond() * eventSize / 1e6;
    }

    static String header() {
        return String.format(Locale.ROOT, "%-5s %-48s %9s %7s %7s %10s %7s %6s %8s %7s %7s %6s  %s",
                "id", "scenario", "events", "wall s", "rate s", "events/s", "MB/s", "cpu s", "cpu us/ev",
                "RSS MB", "brk cpu", "ratio", "verification");
    }

    String row(Double baselineRate) {
        String ratio = baselineRate == null || baselineRate == 0 ? "-"
                : String.format(Locale.ROOT, "%.2f", eventsPerSecond() / baselineRate);
        return String.format(Locale.ROOT, "%-5s %-48s %9d %7.2f %7.2f %10.0f %7.1f %6.2f %8.2f %7.0f %7.2f %6s  %s%s",
                id, title, events, wallNanos / 1e9, steadyNanos / 1e9, eventsPerSecond(), megabytesPerSecond(),
                cpuNanos / 1e9, events == 0 ? 0 : cpuNanos / 1e3 / events, peakRssMb, brokerCpuNanos / 1e9, ratio,
                verification, note == null || note.isEmpty() ? "" : "; " + note);
    }
}
