package io.flafka.bench.e2e;

import java.util.Arrays;

/**
 * Event bodies of a fixed size that carry their sequence number and a send time, as ASCII so that they
 * also travel as netcat lines: {@code <seq, 10 digits> <send nanos, 19 digits> xxxx...}.
 */
final class Bodies {
    static final int SEQ_DIGITS = 10;
    static final int TIME_OFFSET = SEQ_DIGITS + 1;
    static final int TIME_DIGITS = 19;
    /** The smallest body holding both numbers and their separators. */
    static final int MIN_SIZE = TIME_OFFSET + TIME_DIGITS + 1;
    /** Regex every body matches (used by the regex_filter interceptor scenario). */
    static final String REGEX = "^[0-9]{10} [0-9]{19} ";

    /** nanoTime origin, so that send times are positive; valid within one JVM only. */
    private static final long ORIGIN = System.nanoTime();

    private final byte[] template;

    Bodies(int size) {
        if (size < MIN_SIZE) {
            throw new IllegalArgumentException("event size must be at least " + MIN_SIZE + " bytes");
        }
        template = new byte[size];
        Arrays.fill(template, (byte) 'x');
        template[SEQ_DIGITS] = ' ';
        template[TIME_OFFSET + TIME_DIGITS] = ' ';
    }

    /** Monotonic nanoseconds since this class was loaded. */
    static long now() {
        return System.nanoTime() - ORIGIN;
    }

    /** A new body for {@code seq}, stamped with {@code sendNanos}. */
    byte[] body(long seq, long sendNanos) {
        byte[] b = template.clone();
        writeDigits(b, 0, SEQ_DIGITS, seq);
        writeDigits(b, TIME_OFFSET, TIME_DIGITS, sendNanos);
        return b;
    }

    int size() {
        return template.length;
    }

    /** The sequence number, or -1 when the body is not one of ours. */
    static long seq(byte[] b) {
        return b == null || b.length < MIN_SIZE ? -1 : readDigits(b, 0, SEQ_DIGITS);
    }

    /** Same as {@link #seq(byte[])} for a body inside a larger array. */
    static long seq(byte[] b, int off, int len) {
        return len < MIN_SIZE ? -1 : readDigits(b, off, SEQ_DIGITS);
    }

    /** The send time stamped in the body, or -1. */
    static long sendNanos(byte[] b) {
        return b == null || b.length < MIN_SIZE ? -1 : readDigits(b, TIME_OFFSET, TIME_DIGITS);
    }

    private static void writeDigits(byte[] b, int off, int digits, long v) {
        for (int i = off + digits - 1; i >= off; i--) {
            b[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
    }

    private static long readDigits(byte[] b, int off, int digits) {
        long v = 0;
        for (int i = off; i < off + digits; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            v = v * 10 + d;
        }
        return v;
    }
}
