package io.flafka.sources.syslog;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Splits a TCP syslog stream into messages (RFC 6587): a frame starting with a digit is
 * octet-counted ({@code LEN SP MSG}), any other is ended by a newline (a trailing CR is dropped).
 * A message longer than {@code eventSize} bytes is cut: the first part is flagged incomplete and the
 * rest is read as the next message, so no byte is dropped. Not thread-safe: one per connection.
 */
final class SyslogFrameReader {
    /** One message and whether it was cut at the size limit. */
    record Frame(byte[] data, boolean incomplete) {
    }

    private final InputStream in;
    private final int eventSize;
    /** Bytes of an octet-counted message still to come after a cut. */
    private long octetsLeft;

    SyslogFrameReader(InputStream in, int eventSize) {
        this.in = in;
        this.eventSize = eventSize;
    }

    /** True when bytes are buffered, so a batch can grow without waiting. */
    boolean hasBuffered() throws IOException {
        return in.available() > 0;
    }

    /** The next message, or null at the end of the stream. */
    Frame next() throws IOException {
        if (octetsLeft > 0) {
            return counted(octetsLeft);
        }
        int b = in.read();
        while (b == '\n' || b == '\r') {
            b = in.read();
        }
        if (b < 0) {
            return null;
        }
        if (b >= '0' && b <= '9') {
            ByteArrayOutputStream digits = new ByteArrayOutputStream();
            digits.write(b);
            int c;
            while ((c = in.read()) >= '0' && c <= '9' && digits.size() < 10) {
                digits.write(c);
            }
            if (c == ' ') {
                return counted(Long.parseLong(digits.toString()));
            }
            // not an octet count after all: the digits start a newline-framed message
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            digits.writeTo(line);
            if (c < 0 || c == '\n') {
                return new Frame(line.toByteArray(), false);
            }
            line.write(c);
            return lineRest(line);
        }
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        line.write(b);
        return lineRest(line);
    }

    private Frame lineRest(ByteArrayOutputStream line) throws IOException {
        int c;
        while (line.size() < eventSize && (c = in.read()) >= 0) {
            if (c == '\n') {
                return new Frame(stripCr(line.toByteArray()), false);
            }
            line.write(c);
        }
        if (line.size() >= eventSize) {
            return new Frame(line.toByteArray(), true);
        }
        // end of stream without a newline: the last message is complete as it is
        return new Frame(stripCr(line.toByteArray()), false);
    }

    private Frame counted(long length) throws IOException {
        int take = (int) Math.min(length, eventSize);
        byte[] data = in.readNBytes(take);
        octetsLeft = length - data.length;
        if (data.length < take) {
            octetsLeft = 0;
            return data.length == 0 ? null : new Frame(data, true);
        }
        return new Frame(data, octetsLeft > 0);
    }

    private static byte[] stripCr(byte[] b) {
        return b.length > 0 && b[b.length - 1] == '\r' ? java.util.Arrays.copyOf(b, b.length - 1) : b;
    }
}
