package io.flafka.hdfs;

import io.flafka.api.Channel;
import io.flafka.api.Event;
import io.flafka.api.Transaction;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;

/**
 * A durable, replayable channel for crash tests: it holds the events {@code 0 .. total-1} (bodies
 * {@code ev-%08d}, header {@code b} = event / 1000 so several buckets are open), and a take commit
 * stores the next offset in a file (written, fsynced, atomically moved). After a kill -9 a new process
 * resumes from the last committed offset, so every event not committed is delivered again, exactly
 * like a Kafka or file channel.
 */
final class ReplayableChannel implements Channel {
    private final Path state;
    private final long total;
    private long committed;

    ReplayableChannel(Path state, long total) throws IOException {
        this.state = state;
        this.total = total;
        this.committed = committedOffset(state);
    }

    static long committedOffset(Path state) throws IOException {
        return Files.exists(state) ? Long.parseLong(Files.readString(state).trim()) : 0L;
    }

    static String body(long i) {
        return String.format("ev-%08d", i);
    }

    synchronized long committed() {
        return committed;
    }

    @Override
    public Transaction begin() {
        return new Transaction() {
            private long next = committed();
            private boolean done;

            @Override
            public void put(Event event) {
                throw new UnsupportedOperationException("take-only channel");
            }

            @Override
            public Event take() {
                if (next >= total) {
                    return null;
                }
                long i = next++;
                return Event.of(body(i).getBytes(StandardCharsets.UTF_8), Map.of("b", Long.toString(i / 1000)));
            }

            @Override
            public void commit() {
                store(next);
                done = true;
            }

            @Override
            public void rollback() {
                done = true;
            }

            @Override
            public void close() {
                done = true;
            }
        };
    }

    private synchronized void store(long offset) {
        try {
            Path tmp = state.resolveSibling(state.getFileName() + ".new");
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(ByteBuffer.wrap(Long.toString(offset).getBytes(StandardCharsets.US_ASCII)));
                ch.force(true);
            }
            Files.move(tmp, state, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            committed = offset;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
