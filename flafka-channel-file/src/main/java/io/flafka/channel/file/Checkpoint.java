package io.flafka.channel.file;

import java.io.IOException;
import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A checkpoint: the pending event pointers in take order, and for each data directory the log position
 * up to which they reflect every record. Written to a temporary file, fsynced and renamed, so a crash
 * leaves either the old or the new checkpoint, never a torn one; the trailing CRC32C catches anything else.
 *
 * <pre>
 * "FLAFKACP" (8) | version (int) | write time ms (long) | next sequence (long) | dir count (int)
 * | per data dir: position pointer (long) | pending count (int) | pointer (long)* | CRC32C (int)
 * </pre>
 *
 * @param writeTimeMillis when it was written
 * @param nextSequence the record sequence to continue from
 * @param positions per data directory (by index in dataDirs): the pointer (segment id, offset) where replay starts
 * @param pending the pending pointers, head first
 */
public record Checkpoint(long writeTimeMillis, long nextSequence, long[] positions, long[] pending) {
    public static final String FILE = "checkpoint";
    private static final long MAGIC = 0x464C41464B414350L; // "FLAFKACP"
    private static final int VERSION = 1;

    /** Writes atomically into {@code dir}. */
    void writeTo(Path dir) throws IOException {
        Files.createDirectories(dir);
        ByteBuffer b = ByteBuffer.allocate(8 + 4 + 8 + 8 + 4 + 8 * positions.length + 4 + 8 * pending.length + 4);
        b.putLong(MAGIC).putInt(VERSION).putLong(writeTimeMillis).putLong(nextSequence).putInt(positions.length);
        for (long p : positions) {
            b.putLong(p);
        }
        b.putInt(pending.length);
        for (long p : pending) {
            b.putLong(p);
        }
        b.putInt(RecordFormat.crc(new CRC32C(), b.array(), 0, b.position()));
        b.flip();
        Path tmp = dir.resolve(FILE + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (b.hasRemaining()) {
                ch.write(b);
            }
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        FileChannels.fsyncDirectory(dir);
    }

    /** Reads the checkpoint in {@code dir}; null when there is none. */
    public static Checkpoint readFrom(Path dir) throws IOException {
        Path file = dir.resolve(FILE);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (bytes.length < 36) {
            throw new IOException(file + " is damaged (cut short: " + bytes.length + " bytes)");
        }
        int expected = RecordFormat.crc(new CRC32C(), bytes, 0, bytes.length - 4);
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (b.getInt(bytes.length - 4) != expected) {
            throw new IOException(file + " is damaged (checksum mismatch)");
        }
        try {
            if (b.getLong() != MAGIC) {
                throw new IOException(file + " is not a Flafka checkpoint");
            }
            int version = b.getInt();
            if (version != VERSION) {
                throw new IOException(file + " has unknown version " + version);
            }
            long time = b.getLong();
            long seq = b.getLong();
            int dirs = b.getInt();
            if (dirs < 0 || dirs > 4096) {
                throw new IOException(file + " is damaged (directory count " + dirs + ")");
            }
            long[] positions = new long[dirs];
            for (int i = 0; i < dirs; i++) {
                positions[i] = b.getLong();
            }
            int n = b.getInt();
            if (n < 0 || n > b.remaining() / 8) {
                throw new IOException(file + " is damaged (pending count " + n + ")");
            }
            long[] pending = new long[n];
            b.asLongBuffer().get(pending);
            return new Checkpoint(time, seq, positions, pending);
        } catch (BufferUnderflowException e) {
            throw new IOException(file + " is damaged (cut short)", e);
        }
    }
}
