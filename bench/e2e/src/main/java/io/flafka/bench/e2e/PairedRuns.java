package io.flafka.bench.e2e;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The repeated (baseline, scenario) pairs of one run, and their median ratios. On this 2-core VM a single pair
 * swings by +-30 % (JIT state of this JVM and the broker's, disk and CPU steal), so each scenario runs in
 * alternation with its baseline several times and a target is judged on the median of the pair ratios.
 */
final class PairedRuns {
    /** One repetition: the raw client's run and the scenario's run just after it; either may be null (failed). */
    record Pair(Result baseline, Result scenario) {
        Double ratio() {
            if (baseline == null || scenario == null || !baseline.verification().ok()
                    || baseline.eventsPerSecond() == 0) {
                return null;
            }
            return scenario.eventsPerSecond() / baseline.eventsPerSecond();
        }
    }

    private final Map<String, List<Pair>> pairs = new LinkedHashMap<>();

    void add(String scenario, Result baseline, Result run) {
        pairs.computeIfAbsent(scenario, k -> new ArrayList<>()).add(new Pair(baseline, run));
    }

    /** The median of the scenario's pair ratios, or null when no pair has both runs. */
    Double medianRatio(String scenario) {
        return median(ratios(scenario));
    }

    /** The scenario's runs, the one of median rate (the figure another comparison uses), or null. */
    Result medianRun(String scenario) {
        List<Result> runs = pairs.getOrDefault(scenario, List.of()).stream().map(Pair::scenario)
                .filter(r -> r != null).sorted(Comparator.comparingDouble(Result::eventsPerSecond))
                .toList();
        return runs.isEmpty() ? null : runs.get((runs.size() - 1) / 2);
    }

    /** "a  0.94 x rc-a, median of 3 pairs (0.88 0.94 1.02), met in 2 of 3 (target >= 0.85): MET", or null. */
    String target(String scenario, double min) {
        List<Double> r = ratios(scenario);
        if (r.isEmpty()) {
            return null;
        }
        double median = median(r);
        long met = r.stream().filter(x -> x >= min).count();
        // the id of the first baseline that ran (a failed baseline leaves its pair without a ratio)
        String baseline = pairs.get(scenario).stream().map(Pair::baseline).filter(b -> b != null)
                .map(Result::id).findFirst().orElse("?");
        return String.format(Locale.ROOT, "%-2s %.2f x %s, median of %d pair%s (%s), met in %d of %d (target >= %.2f): %s",
                scenario, median, baseline, r.size(), r.size() == 1 ? "" : "s",
                r.stream().map(x -> String.format(Locale.ROOT, "%.2f", x)).collect(Collectors.joining(" ")),
                met, r.size(), min, median >= min ? "MET" : "NOT MET");
    }

    /** The map of each scenario to its median-rate run, for comparisons between scenarios. */
    Map<String, Result> medianRuns() {
        Map<String, Result> m = new LinkedHashMap<>();
        for (String s : pairs.keySet()) {
            Result r = medianRun(s);
            if (r != null) {
                m.put(s, r);
            }
        }
        return m;
    }

    private List<Double> ratios(String scenario) {
        return pairs.getOrDefault(scenario, List.of()).stream().map(Pair::ratio).filter(x -> x != null).sorted()
                .toList();
    }

    private static Double median(List<Double> sorted) {
        if (sorted.isEmpty()) {
            return null;
        }
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }
}
