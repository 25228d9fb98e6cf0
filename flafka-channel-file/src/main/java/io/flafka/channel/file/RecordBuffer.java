package io.flafka.channel.file;

import io.flafka.api.Event;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * Encodes one record (a put or take transaction) into a reusable growable array. Not thread-safe: each
 * thread uses its own ({@link #get()}).
 */
final class RecordBuffer {
    private static final int KEEP_AT_MOST = 8 << 20;
    private static final ThreadLocal<RecordBuffer> LOCAL = ThreadLocal.withInitial(RecordBuffer::new);

    private byte[] buf = new byte[64 * 1024];
    private ByteBuffer bb = ByteBuffer.wrap(buf);
    private final CRC32C crc = new CRC32C();

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

    /**
     * Encodes a put record; {@code eventOffsets[i]} receives each event's offset within the record and
     * {@code sizes[i]} its encoded size.
     */
    ByteBuffer encodePut(long seq, Event[] events, int n, int[] eventOffsets, int[] sizes) {
        begin(RecordFormat.TYPE_PUT, seq, n);
        for (int i = 0; i < n; i++) {
            Event e = events[i];
            int start = bb.position();
            eventOffsets[i] = start;
            ensure(RecordFormat.EVENT_HEADER + 8);
            bb.position(start + RecordFormat.EVENT_HEADER);
            if (e.hasHeaders()) {
                Map<String, String> h = e.headers();
                bb.putInt(h.size());
                for (Map.Entry<String, String> en : h.entrySet()) {
                    putString(en.getKey());
                    putString(en.getValue());
                }
            } else {
                bb.putInt(0);
            }
            byte[] body = e.body();
            ensure(4 + body.length);
            bb.putInt(body.length).put(body);
            int end = bb.position();
            int payload = end - start - RecordFormat.EVENT_HEADER;
            bb.putInt(start, payload);
            bb.putInt(start + 4, RecordFormat.crc(crc, buf, start + RecordFormat.EVENT_HEADER, payload));
            sizes[i] = end - start;
        }
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

    private void putString(String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        ensure(4 + b.length);
        bb.putInt(b.length).put(b);
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
