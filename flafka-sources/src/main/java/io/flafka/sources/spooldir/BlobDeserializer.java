package io.flafka.sources.spooldir;

import io.flafka.api.Event;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * The whole file as one event (Flume's {@code BlobDeserializer}); a file longer than
 * {@code maxBlobLength} becomes several events of at most that many bytes. The mark is a byte offset.
 */
final class BlobDeserializer implements SpoolDeserializer {
    private final FileChannel channel;
    private final int maxBlobLength;
    private long pos;

    BlobDeserializer(Path file, Mark mark, int maxBlobLength) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.maxBlobLength = maxBlobLength;
        this.pos = mark.pos();
    }

    @Override
    public List<Event> read(int max) throws IOException {
        List<Event> out = new ArrayList<>();
        while (out.size() < max) {
            long left = channel.size() - pos;
            if (left <= 0) {
                break;
            }
            byte[] body = new byte[(int) Math.min(left, maxBlobLength)];
            ByteBuffer b = ByteBuffer.wrap(body);
            while (b.hasRemaining()) {
                if (channel.read(b, pos + b.position()) < 0) {
                    break;
                }
            }
            pos += b.position();
            out.add(Event.of(b.position() == body.length ? body : java.util.Arrays.copyOf(body, b.position())));
        }
        return out;
    }

    @Override
    public Mark mark() {
        return new Mark(pos, 0);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
