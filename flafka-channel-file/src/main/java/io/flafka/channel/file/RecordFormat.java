package io.flafka.channel.file;

import io.flafka.api.Event;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32C;

/**
 * The on-disk layout of log segments.
 *
 * <pre>
 * segment  := header record*
 * header   := "FLAFKAWL" (8) | format version (int) | segment id (int)                      16 bytes
 * record   := MAGIC (int) | body length L (int) | CRC32C of body (int) | body (L bytes)
 * body     := version (byte) | type (byte) | sequence (long) | count (int) | entries
 * PUT      entries := event*          (one committed put transaction)
 * TAKE     entries := pointer (long)* (one committed take transaction)
 * event    := payload length N (int) | CRC32C of payload (int) | payload (N bytes)
 * payload  := header count (int) | (key length, UTF-8 key, value length, UTF-8 value)* | body length | body
 * pointer  := segment id (high 32 bits) | offset of the event in its segment (low 32 bits)
 * </pre>
 *
 * A record is the unit of atomicity: a transaction's commit is one record, valid as a whole or not at all.
 * The magic word lets recovery find the next record after a damaged one. Events carry their own checksum
 * because takes read single events back from disk without their record.
 */
public final class RecordFormat {
    private RecordFormat() {
    }

    public static final long SEGMENT_MAGIC = 0x464C41464B41574CL; // "FLAFKAWL"
    public static final int SEGMENT_HEADER = 16;
    public static final int FORMAT_VERSION = 1;
    public static final int RECORD_MAGIC = 0xF1AFCA7E;
    public static final int RECORD_HEADER = 12;
    /** version, type, sequence, count. */
    public static final int BODY_PREFIX = 1 + 1 + 8 + 4;
    public static final byte TYPE_PUT = 1;
    public static final byte TYPE_TAKE = 2;
    /** Event length and CRC. */
    public static final int EVENT_HEADER = 8;

    public static long pointer(int segmentId, int offset) {
        return ((long) segmentId << 32) | (offset & 0xFFFFFFFFL);
    }

    public static int segmentOf(long pointer) {
        return (int) (pointer >>> 32);
    }

    public static int offsetOf(long pointer) {
        return (int) pointer;
    }

    public static String describe(long pointer) {
        return "segment " + segmentOf(pointer) + " offset " + offsetOf(pointer);
    }

    /** The segment file name for an id. */
    public static String segmentFileName(int id) {
        return "log-" + id + ".wal";
    }

    /** The segment id of a file name, or -1 when it is not a segment. */
    public static int segmentIdOf(String fileName) {
        if (!fileName.startsWith("log-") || !fileName.endsWith(".wal")) {
            return -1;
        }
        try {
            return Integer.parseInt(fileName.substring(4, fileName.length() - 4));
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    public static ByteBuffer segmentHeader(int id) {
        ByteBuffer b = ByteBuffer.allocate(SEGMENT_HEADER);
        b.putLong(SEGMENT_MAGIC).putInt(FORMAT_VERSION).putInt(id).flip();
        return b;
    }

    /** Decodes one event payload (after its length and CRC). */
    public static Event decodePayload(ByteBuffer b) {
        int headerCount = b.getInt();
        if (headerCount < 0 || headerCount > b.remaining() / 8) {
            throw new IllegalArgumentException("bad header count " + headerCount);
        }
        Map<String, String> headers = null;
        if (headerCount > 0) {
            headers = new HashMap<>(Math.max(4, headerCount * 2));
            for (int i = 0; i < headerCount; i++) {
                String k = string(b);
                String v = string(b);
                headers.put(k, v);
            }
        }
        int len = b.getInt();
        if (len < 0 || len > b.remaining()) {
            throw new IllegalArgumentException("bad body length " + len);
        }
        byte[] body = new byte[len];
        b.get(body);
        Event e = Event.of(body);
        if (headers != null) {
            e.headers().putAll(headers);
        }
        return e;
    }

    private static String string(ByteBuffer b) {
        int len = b.getInt();
        if (len < 0 || len > b.remaining()) {
            throw new IllegalArgumentException("bad string length " + len);
        }
        String s = new String(b.array(), b.arrayOffset() + b.position(), len, StandardCharsets.UTF_8);
        b.position(b.position() + len);
        return s;
    }

    /** CRC32C of {@code len} bytes of {@code array} from {@code off}. */
    public static int crc(CRC32C crc, byte[] array, int off, int len) {
        crc.reset();
        crc.update(array, off, len);
        return (int) crc.getValue();
    }

    /** CRC32C of the bytes between position and limit of a buffer, leaving its position unchanged. */
    public static int crc(CRC32C crc, ByteBuffer b, int from, int len) {
        crc.reset();
        ByteBuffer d = b.duplicate();
        d.limit(from + len).position(from);
        crc.update(d);
        return (int) crc.getValue();
    }
}
