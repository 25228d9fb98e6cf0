package io.flafka.hdfs;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/** An output stream that keeps what it receives and the size of every write call; can fail its next write. */
final class RecordingStream extends OutputStream {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final List<Integer> writes = new ArrayList<>();
    int flushes;
    boolean failNextWrite;

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        if (failNextWrite) {
            failNextWrite = false;
            throw new IOException("disk on fire");
        }
        writes.add(len);
        bytes.write(b, off, len);
    }

    @Override
    public void flush() {
        flushes++;
    }
}
