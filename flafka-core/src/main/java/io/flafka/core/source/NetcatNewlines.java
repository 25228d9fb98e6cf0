package io.flafka.core.source;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds the next newline byte (0x0A) in a byte array eight bytes at a time: the netcat source scans
 * every byte it receives, and a byte-by-byte loop was the largest cost of its connection thread.
 * Stateless; any thread.
 */
final class NetcatNewlines {
    /** Little-endian, so the lowest flagged byte of a word is the first in the array. */
    private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
    private static final long ONES = 0x0101010101010101L;
    private static final long HIGHS = 0x8080808080808080L;

    private NetcatNewlines() {
    }

    /** The index of the first {@code '\n'} in {@code buf[from, to)}, or -1. */
    static int indexOf(byte[] buf, int from, int to) {
        int i = from;
        for (int last = to - Long.BYTES; i <= last; i += Long.BYTES) {
            long x = (long) LONGS.get(buf, i) ^ NEWLINES;   // a newline byte becomes 0
            // the classic zero-byte test: the lowest flagged byte is exactly the first zero byte
            long zeros = (x - ONES) & ~x & HIGHS;
            if (zeros != 0) {
                return i + (Long.numberOfTrailingZeros(zeros) >>> 3);
            }
        }
        for (; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }
}
