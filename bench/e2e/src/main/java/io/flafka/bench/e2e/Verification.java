package io.flafka.bench.e2e;

/**
 * Whether every event arrived exactly once.
 *
 * @param note set when only counts could be checked (a null sink keeps no bodies)
 */
record Verification(long expected, long received, long duplicates, long missing, long foreign, String note) {

    static Verification countsOnly(long expected, long received, String how) {
        long missing = Math.max(0, expected - received);
        long extra = Math.max(0, received - expected);
        return new Verification(expected, received, extra, missing, 0, how);
    }

    /**
     * A null sink keeps nothing: the sink's drained count must equal the source's accepted count and
     * {@code expected}.
     */
    static Verification nullSink(long expected, long accepted, long drained) {
        Verification v = countsOnly(expected, drained, "null sink: counts only, source accepted " + accepted);
        return accepted == drained ? v
                : new Verification(v.expected(), v.received(), v.duplicates(), v.missing(), v.foreign(),
                        v.note() + " != drained");
    }

    boolean ok() {
        return duplicates == 0 && missing == 0 && foreign == 0 && received == expected;
    }

    @Override
    public String toString() {
        String s = (ok() ? "OK " : "FAIL ") + "received=" + received + " dup=" + duplicates + " missing=" + missing
                + (foreign > 0 ? " foreign=" + foreign : "");
        return note == null ? s : s + " (" + note + ")";
    }
}
