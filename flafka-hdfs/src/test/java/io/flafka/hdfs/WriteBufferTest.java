package io.flafka.hdfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class WriteBufferTest {
    private final RecordingStream out = new RecordingStream();

    @Test
    void aBatchOfSmallWritesReachesTheStreamAsOneWriteAtRelease() throws IOException {
        BufferPool pool = new BufferPool(1024, 1 << 20, 4 << 20);
        WriteBuffer buffer = new WriteBuffer(pool, out);
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        for (int i = 0; i < 1000; i++) {
            byte[] body = ("event-" + i).getBytes();
            buffer.write(body);
            buffer.write('\n');
            want.write(body);
            want.write('\n');
        }
        assertThat(out.writes).isEmpty();
        buffer.release();
        assertThat(out.writes).containsExactly(want.size());
        assertThat(out.bytes.toByteArray()).isEqualTo(want.toByteArray());
        assertThat(out.flushes).isZero();
    }

    @Test
    void writesOutAtTheMaximumSizeAndPassesLargerWritesStraightThroughInOrder() throws IOException {
        WriteBuffer buffer = new WriteBuffer(new BufferPool(16, 64, 1024), out);
        buffer.write(bytes(40, 'a'));
        buffer.write(bytes(40, 'b')); // 80 > 64: the 40 a's go out first
        assertThat(out.writes).containsExactly(40);
        buffer.write(bytes(100, 'c')); // larger than any buffer: the b's, then the c's as they are
        assertThat(out.writes).containsExactly(40, 40, 100);
        buffer.write('d');
        buffer.release();
        assertThat(out.writes).containsExactly(40, 40, 100, 1);
        assertThat(new String(out.bytes.toByteArray())).isEqualTo("a".repeat(40) + "b".repeat(40) + "c".repeat(100)
                + "d");
    }

    @Test
    void anIdleBufferHoldsNoArrayAndTheNextBatchReusesTheGrownOne() throws IOException {
        BufferPool pool = new BufferPool(16, 256, 1024);
        WriteBuffer buffer = new WriteBuffer(pool, out);
        buffer.write(bytes(200, 'x')); // grows to 200
        buffer.release();
        assertThat(pool.retainedBytes()).isEqualTo(200);
        buffer.write('y');
        assertThat(pool.retainedBytes()).isZero();
        buffer.write(bytes(200, 'z')); // grows to 256: no write before the release
        assertThat(out.writes).containsExactly(200);
        buffer.release();
        assertThat(out.writes).containsExactly(200, 201);
        // a release with nothing buffered writes nothing
        buffer.release();
        assertThat(out.writes).hasSize(2);
        assertThat(pool.retainedBytes()).isEqualTo(256);
    }

    @Test
    void flushWritesTheBytesAndFlushesTheStreamButKeepsTheArray() throws IOException {
        BufferPool pool = new BufferPool(16, 256, 1024);
        WriteBuffer buffer = new WriteBuffer(pool, out);
        buffer.write(bytes(10, 'x'));
        buffer.flush();
        assertThat(out.writes).containsExactly(10);
        assertThat(out.flushes).isEqualTo(1);
        assertThat(pool.retainedBytes()).isZero();
        buffer.close();
        assertThat(pool.retainedBytes()).isEqualTo(16);
    }

    @Test
    void bytesWhoseWriteFailedAreNotWrittenAgain() throws IOException {
        WriteBuffer buffer = new WriteBuffer(new BufferPool(16, 256, 1024), out);
        buffer.write(bytes(10, 'x'));
        out.failNextWrite = true;
        assertThatThrownBy(buffer::release).isInstanceOf(IOException.class);
        assertThat(buffer.buffered()).isZero();
        // closing the abandoned file writes only what came after the failure
        buffer.write(bytes(3, 'f'));
        buffer.release();
        assertThat(new String(out.bytes.toByteArray())).isEqualTo("fff");
    }

    @Test
    void thePoolKeepsAtMostItsRetainedBytes() {
        BufferPool pool = new BufferPool(16, 64, 90);
        byte[] a = pool.acquire();
        byte[] b = pool.acquire();
        byte[] big = new byte[64];
        pool.release(a);
        pool.release(big);
        pool.release(b); // 16 + 64 + 16 > 90: dropped
        assertThat(pool.retainedBytes()).isEqualTo(80);
        // the grown array first, so a busy file holds its batch without growing again
        assertThat(pool.acquire()).isSameAs(big);
        assertThat(pool.acquire()).isSameAs(a);
        assertThat(pool.acquire()).isNotSameAs(b).hasSize(16);
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 3, 4, 5})
    void anyMixOfWritesComesOutWholeInOrderInWritesNoLargerThanTheMaximum(long seed) throws IOException {
        Random r = new Random(seed);
        BufferPool pool = new BufferPool(8, 128, 512);
        WriteBuffer buffer = new WriteBuffer(pool, out);
        ByteArrayOutputStream want = new ByteArrayOutputStream();
        int oversized = 0;
        for (int i = 0; i < 2000; i++) {
            int op = r.nextInt(20);
            if (op == 0) {
                buffer.release();
            } else if (op == 1) {
                buffer.drain();
            } else if (op < 8) {
                int b = r.nextInt(256);
                buffer.write(b);
                want.write(b);
            } else {
                int len = op == 19 ? 129 + r.nextInt(300) : r.nextInt(100);
                byte[] data = new byte[len + 10];
                r.nextBytes(data);
                int off = r.nextInt(10);
                buffer.write(data, off, len);
                want.write(data, off, len);
                if (len > 128) {
                    oversized++;
                }
            }
        }
        buffer.release();
        assertThat(out.bytes.toByteArray()).isEqualTo(want.toByteArray());
        assertThat(out.writes.stream().filter(n -> n > 128).count()).isEqualTo(oversized);
        assertThat(pool.retainedBytes()).isLessThanOrEqualTo(512);
    }

    private static byte[] bytes(int n, char c) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }
}
