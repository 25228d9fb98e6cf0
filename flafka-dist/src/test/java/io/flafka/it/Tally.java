package io.flafka.it;

import java.util.ArrayList;
import java.util.List;

/**
 * Counts how often each of N numbered events ({@code e<number>}) arrived at an output. Missing events
 * fail a test; duplicates (expected after a kill -9: at-least-once) are only counted and reported.
 * Thread-safe.
 */
final class Tally {
    private final int[] seen;
    private int unique;
    private long duplicates;
    private long foreign;

    Tally(int n) {
        this.seen = new int[n];
    }

    /** Records one output line or record value; anything that is not {@code e<0..N-1>} is counted as foreign. */
    synchronized void add(String body) {
        int n = parse(body);
        if (n < 0 || n >= seen.length) {
            foreign++;
            return;
        }
        if (seen[n]++ == 0) {
            unique++;
        } else {
            duplicates++;
        }
    }

    private static int parse(String body) {
        if (body == null || body.length() < 2 || body.charAt(0) != 'e') {
            return -1;
        }
        try {
            return Integer.parseInt(body, 1, body.length(), 10);
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    synchronized int unique() {
        return unique;
    }

    synchronized long duplicates() {
        return duplicates;
    }

    /** Lines that were no event: e.g. a line cut short by kill -9 (its event is delivered again). */
    synchronized long foreign() {
        return foreign;
    }

    synchronized List<Integer> missing() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < seen.length; i++) {
            if (seen[i] == 0) {
                out.add(i);
            }
        }
        return out;
    }

    synchronized String summary() {
        List<Integer> m = missing();
        return seen.length + " events: " + unique + " arrived, " + m.size() + " missing"
                + (m.isEmpty() ? "" : " (first " + m.subList(0, Math.min(10, m.size())) + ")")
                + ", " + duplicates + " duplicates, " + foreign + " foreign lines";
    }
}
