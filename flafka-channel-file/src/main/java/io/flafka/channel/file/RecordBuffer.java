package io.flafka.channel.file;

import io.flafka.api.Event;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.zip.CRC32C;

/**
 * Encodes one record (a put or take transaction) into a reusable growable array. Not thread-safe: a
 * take commit uses its thread's own ({@link #get()}); a put transaction borrows one from its channel's
 * pool and fills it as events are put, so that the encoding happens on the thread that puts.
 */
final class RecordBuffer {
    private static final int KEEP_AT_MOST = 8 << 20;
    private static final ThreadLocal<RecordBuffer> LOCAL = ThreadLocal.withInitial(RecordBuffer::new);

    private byte[] buf = new byte[64 * 1024];
    private ByteBuffer bb = ByteBuffer.wrap(buf);
    private final CRC32C crc = new CRC32C();
    /** Writes one header (made once: a lambda per event would be garbage). */
    private final BiConsumer<String, String> putHeader = (k, v) -> {
        putString(k);
        putString(v);
    };

    /** This thread's buffer. */
    static RecordBuffer get() {
        return LOCAL.get();
    }

    /** Drops an oversized array so one huge batch does not pin memory on a thread. */
    void trim() {
        if (buf.length > KEEP_AT_MOST) {
            buf = new byte[64 * 1024];
            bb = ByteBuffer.wrap(buf);
        }
    }

    private void ensure(int extra) {
        int need = bb.position() + extra;
        if (need > buf.length) {
            long n = Math.max(need, (long) buf.length * 2);
            if (n > Integer.MAX_VALUE - 16) {
                n = Integer.MAX_VALUE - 16;
                if (need > n) {
                    throw new IllegalArgumentException("record larger than 2 GB");
                }
            }
            int pos = bb.position();
            buf = Arrays.copyOf(buf, (int) n);
            bb = ByteBuffer.wrap(buf);
            bb.position(pos);
        }
    }

    private void begin(byte type, long seq, int count) {
        bb.clear();
        ensure(RecordFormat.RECORD_HEADER + RecordFormat.BODY_PREFIX);
        bb.position(RecordFormat.RECORD_HEADER);
        bb.put((byte) RecordFormat.FORMAT_VERSION).put(type).putLong(seq).putInt(count);
    }

    /** Starts a put record whose events are added one by one ({@link #addEvent}) and which {@link #finishPut} seals. */
    void startPut() {
        begin(RecordFormat.TYPE_PUT, 0, 0);
    }

    /**
     * Appends one event to the put record started by {@link #startPut()}: {@code offsets[i]} receives its
     * offset within the record and {@code sizes[i]} its encoded size. On failure the record is as before.
     *
     * @throws IllegalArgumentException when the record would pass 2 GB
     */
    void addEvent(Event e, int[] offsets, int[] sizes, int i) {
        int start = bb.position();
        try {
            ensure(RecordFormat.EVENT_HEADER + 8);
            bb.position(start + RecordFormat.EVENT_HEADER);
            if (e.hasHeaders()) {
                Map<String, String> h = e.headers();
                bb.putInt(h.size());
                h.forEach(putHeader);
            } else {
                bb.putInt(0);
            }
            byte[] body = e.body();
            ensure(4 + body.length);
            bb.putInt(body.length).put(body);
        } catch (RuntimeException ex) {
            bb.position(start);
            throw ex;
        }
        int end = bb.position();
        int payload = end - start - RecordFormat.EVENT_HEADER;
        bb.putInt(start, payload);
        bb.putInt(start + 4, RecordFormat.crc(crc, buf, start + RecordFormat.EVENT_HEADER, payload));
        offsets[i] = start;
        sizes[i] = end - start;
    }

    /** Seals the put record with its sequence and event count; returns it, ready to append. */
    ByteBuffer finishPut(long seq, int count) {
        bb.putLong(RecordFormat.RECORD_HEADER + 2, seq);
        bb.putInt(RecordFormat.RECORD_HEADER + 10, count);
        return finish();
    }

    /** Encodes a take record of these pointers. */
    ByteBuffer encodeTake(long seq, long[] pointers, int n) {
        begin(RecordFormat.TYPE_TAKE, seq, n);
        ensure(8 * n);
        for (int i = 0; i < n; i++) {
            bb.putLong(pointers[i]);
        }
        return finish();
    }

    /** Writes a length-prefixed UTF-8 string; ASCII (header names and numbers) is copied without a byte[]. */
    private void putString(String s) {
        int n = s.length();
        ensure(4 + n);
        int start = bb.position() + 4;
        byte[] b = buf;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x80) {
                byte[] utf8 = s.getBytes(StandardCharsets.UTF_8);
                ensure(4 + utf8.length);
                bb.putInt(utf8.length).put(utf8);
                return;
            }
            b[start + i] = (byte) c;
        }
        bb.putInt(n);
        bb.position(start + n);
    }

    private ByteBuffer finish() {
        int end = bb.position();
        int bodyLen = end - RecordFormat.RECORD_HEADER;
        bb.putInt(0, RecordFormat.RECORD_MAGIC);
        bb.putInt(4, bodyLen);
        bb.putInt(8, RecordFormat.crc(crc, buf, RecordFormat.RECORD_HEADER, bodyLen));
        ByteBuffer out = ByteBuffer.wrap(buf, 0, end);
        return out;
    }
}
