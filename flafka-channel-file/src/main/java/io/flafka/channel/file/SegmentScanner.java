package io.flafka.channel.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * Reads the records of one segment file in order, checking every checksum. A record that fails its
 * checksum is skipped by searching for the next valid record (its magic word, a plausible length and a
 * matching checksum); bytes after the last valid record that hold no valid record are a torn tail.
 * Used by recovery and by the offline verifier.
 */
public final class SegmentScanner {

    /** What the scan found; callbacks run in file order. */
    public interface Visitor {
        /** A valid put record; {@code eventOffsets} are the events' offsets in the segment. */
        void put(long sequence, int segmentId, int[] eventOffsets, int count);

        /** A valid take record. */
        void take(long sequence, long[] pointers, int count);

        /** Bytes that hold no valid record, followed by a valid one. */
        void damaged(int offset, int length, String reason);

        /** A damaged event inside a record whose record checksum was valid (only when events are checked). */
        default void damagedEvent(int offset, String reason) {
        }
    }

    /**
     * Result of a scan.
     *
     * @param validEnd the offset after the last valid record
     * @param size the file's size
     * @param records valid records read
     * @param headerProblem a problem with the segment header, or null
     */
    public record Result(long validEnd, long size, long records, String headerProblem) {
        /** Bytes after the last valid record: a torn tail (or damage at the very end). */
        public long tailBytes() {
            return size - validEnd;
        }
    }

    private final CRC32C crc = new CRC32C();
    private final boolean checkEvents;

    /** @param checkEvents also check each event's own checksum (the verifier does; recovery need not) */
    public SegmentScanner(boolean checkEvents) {
        this.checkEvents = checkEvents;
    }

    /** Scans {@code file} (segment {@code id}) from {@code startOffset}. */
    public Result scan(Path file, int id, long startOffset, Visitor visitor) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size > Integer.MAX_VALUE) {
                throw new IOException(file + " is larger than 2 GB: not a Flafka segment");
            }
            if (size < RecordFormat.SEGMENT_HEADER) {
                return new Result(0, size, 0, "shorter than its header (" + size + " bytes)");
            }
            MappedByteBuffer b = ch.map(FileChannel.MapMode.READ_ONLY, 0, size);
            String headerProblem = null;
            if (b.getLong(0) != RecordFormat.SEGMENT_MAGIC) {
                headerProblem = "bad segment header";
            } else if (b.getInt(12) != id) {
                headerProblem = "header names segment " + b.getInt(12) + ", file name says " + id;
            }
            int pos = (int) Math.max(RecordFormat.SEGMENT_HEADER, startOffset);
            int end = (int) size;
            int validEnd = pos;
            long records = 0;
            int[] offsets = new int[16];
            long[] pointers = new long[16];
            while (pos + RecordFormat.RECORD_HEADER <= end) {
                String problem = check(b, pos, end);
                if (problem != null) {
                    int next = findNext(b, pos + 1, end);
                    if (next < 0) {
                        break; // torn tail: nothing valid follows
                    }
                    visitor.damaged(pos, next - pos, problem);
                    pos = next;
                    continue;
                }
                int len = b.getInt(pos + 4);
                int body = pos + RecordFormat.RECORD_HEADER;
                byte type = b.get(body + 1);
                long seq = b.getLong(body + 2);
                int count = b.getInt(body + 10);
                int entries = body + RecordFormat.BODY_PREFIX;
                int recordEnd = body + len;
                if (type == RecordFormat.TYPE_PUT) {
                    if (offsets.length < count) {
                        offsets = new int[Math.max(count, offsets.length * 2)];
                    }
                    int p = entries;
                    int n = 0;
                    boolean ok = true;
                    for (int i = 0; i < count; i++) {
                        if (p + RecordFormat.EVENT_HEADER > recordEnd) {
                            ok = false;
                            break;
                        }
                        int evLen = b.getInt(p);
                        if (evLen < 8 || p + RecordFormat.EVENT_HEADER + (long) evLen > recordEnd) {
                            ok = false;
                            break;
                        }
                        if (checkEvents && RecordFormat.crc(crc, b, p + RecordFormat.EVENT_HEADER, evLen)
                                != b.getInt(p + 4)) {
                            visitor.damagedEvent(p, "event checksum mismatch");
                        }
                        offsets[n++] = p;
                        p += RecordFormat.EVENT_HEADER + evLen;
                    }
                    if (!ok) {
                        visitor.damaged(pos, recordEnd - pos, "put record's events do not add up");
                    } else {
                        visitor.put(seq, id, offsets, n);
                    }
                } else if (type == RecordFormat.TYPE_TAKE) {
                    if ((long) count * 8 > recordEnd - entries) {
                        visitor.damaged(pos, recordEnd - pos, "take record's pointers do not add up");
                    } else {
                        if (pointers.length < count) {
                            pointers = new long[Math.max(count, pointers.length * 2)];
                        }
                        for (int i = 0; i < count; i++) {
                            pointers[i] = b.getLong(entries + 8 * i);
                        }
                        visitor.take(seq, pointers, count);
                    }
                } else {
                    visitor.damaged(pos, recordEnd - pos, "unknown record type " + type);
                }
                records++;
                pos = recordEnd;
                validEnd = pos;
            }
            return new Result(validEnd, size, records, headerProblem);
        }
    }

    /** Null when a valid record starts at {@code pos}, else why not. */
    private String check(ByteBuffer b, int pos, int end) {
        if (b.getInt(pos) != RecordFormat.RECORD_MAGIC) {
            return "no record marker";
        }
        int len = b.getInt(pos + 4);
        if (len < RecordFormat.BODY_PREFIX || (long) pos + RecordFormat.RECORD_HEADER + len > end) {
            return "impossible record length " + len;
        }
        if (RecordFormat.crc(crc, b, pos + RecordFormat.RECORD_HEADER, len) != b.getInt(pos + 8)) {
            return "record checksum mismatch";
        }
        if (b.get(pos + RecordFormat.RECORD_HEADER) != RecordFormat.FORMAT_VERSION) {
            return "unknown record version " + b.get(pos + RecordFormat.RECORD_HEADER);
        }
        return null;
    }

    private int findNext(ByteBuffer b, int from, int end) {
        for (int p = from; p + RecordFormat.RECORD_HEADER <= end; p++) {
            if (b.getInt(p) == RecordFormat.RECORD_MAGIC && check(b, p, end) == null) {
                return p;
            }
        }
        return -1;
    }
}
