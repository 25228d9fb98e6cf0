package io.flafka.core.source;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import org.junit.jupiter.api.Test;

class NetcatNewlinesTest {

    /** The plain loop the word-at-a-time search must agree with. */
    private static int naive(byte[] buf, int from, int to) {
        for (int i = from; i < to; i++) {
            if (buf[i] == '\n') {
                return i;
            }
        }
        return -1;
    }

    @Test
    void findsANewlineAtEveryPositionOfEveryWindow() {
        for (int len = 0; len <= 40; len++) {
            for (int nl = 0; nl < len; nl++) {
                byte[] buf = new byte[len];
                java.util.Arrays.fill(buf, (byte) 'x');
                buf[nl] = '\n';
                for (int from = 0; from <= len; from++) {
                    for (int to = from; to <= len; to++) {
                        assertThat(NetcatNewlines.indexOf(buf, from, to))
                                .as("len %d, newline at %d, [%d, %d)", len, nl, from, to)
                                .isEqualTo(naive(buf, from, to));
                    }
                }
            }
        }
    }

    @Test
    void returnsTheFirstOfSeveralNewlines() {
        byte[] buf = "ab\ncd\n\nefghijklmnop\nq".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        assertThat(NetcatNewlines.indexOf(buf, 0, buf.length)).isEqualTo(2);
        assertThat(NetcatNewlines.indexOf(buf, 3, buf.length)).isEqualTo(5);
        assertThat(NetcatNewlines.indexOf(buf, 6, buf.length)).isEqualTo(6);
        assertThat(NetcatNewlines.indexOf(buf, 7, buf.length)).isEqualTo(19);
        assertThat(NetcatNewlines.indexOf(buf, 20, buf.length)).isEqualTo(-1);
    }

    @Test
    void bytesThatDifferFromANewlineOnlyInOneBitAreNotNewlines() {
        // 0x0B, 0x8A, 0x0A ^ 0x80 ..., and the bytes around zero that trip naive borrow tricks
        byte[] tricky = {0x0B, 0x09, (byte) 0x8A, 0x1A, 0x2A, 0x4A, 0x08, 0x0E, 0x02, 0x00, (byte) 0xFF, 0x01,
                (byte) 0x80, 0x7F, (byte) 0x8B};
        assertThat(NetcatNewlines.indexOf(tricky, 0, tricky.length)).isEqualTo(-1);
    }

    @Test
    void agreesWithTheLoopOnRandomBytes() {
        Random r = new Random(42);
        for (int round = 0; round < 20_000; round++) {
            byte[] buf = new byte[r.nextInt(100)];
            r.nextBytes(buf);
            // fewer newlines than random bytes would give, so long runs without one are covered too
            for (int i = 0; i < buf.length; i++) {
                if (buf[i] == '\n' && r.nextInt(4) != 0) {
                    buf[i] = 'y';
                }
            }
            int from = buf.length == 0 ? 0 : r.nextInt(buf.length + 1);
            int to = from + (buf.length == from ? 0 : r.nextInt(buf.length - from + 1));
            assertThat(NetcatNewlines.indexOf(buf, from, to)).isEqualTo(naive(buf, from, to));
        }
    }
}
