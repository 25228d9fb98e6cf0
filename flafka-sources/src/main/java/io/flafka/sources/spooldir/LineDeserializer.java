package io.flafka.sources.spooldir;

import io.flafka.api.Event;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;

/**
 * One event per line (Flume's {@code LINE} deserializer): the newline is dropped, the text is decoded
 * with {@code inputCharset} under the decode-error policy and re-encoded with {@code outputCharset}.
 * A line longer than {@code maxLineLength} is split: each event holds at most {@code maxLineLength}
 * code units of the input charset (bytes for UTF-8), cut on a character boundary. A last line without
 * a newline is an event too (spooled files are complete). The mark is the byte offset after the last
 * line read.
 */
final class LineDeserializer implements SpoolDeserializer {
    private final FileChannel channel;
    private final Charset input;
    private final Charset output;
    private final CodingErrorAction onError;
    private final byte[] newline;
    private final int unit;
    private final int limitBytes;
    private final boolean utf8;
    private byte[] buf;
    private int start;
    private int end;
    /** File offset of {@code buf[0]}. */
    private long bufOffset;
    private boolean eof;

    LineDeserializer(Path file, Mark mark, Charset input, Charset output, CodingErrorAction onError,
                     int maxLineLength) throws IOException {
        this.channel = FileChannel.open(file, StandardOpenOption.READ);
        this.input = input;
        this.output = output;
        this.onError = onError;
        this.newline = newlineBytes(input);
        this.unit = newline.length;
        this.limitBytes = Math.max(unit, maxLineLength * unit);
        this.utf8 = input.equals(StandardCharsets.UTF_8);
        this.buf = new byte[Math.max(64 * 1024, limitBytes + unit)];
        this.bufOffset = mark.pos();
    }

    /** The encoding of '\n' in the charset, without a byte-order mark. */
    static byte[] newlineBytes(Charset cs) {
        byte[] nl = "\n".getBytes(cs);
        if (nl.length == 4 && ((nl[0] & 0xff) == 0xfe || (nl[0] & 0xff) == 0xff)) {
            return new byte[] {nl[2], nl[3]};
        }
        return nl;
    }

    @Override
    public List<Event> read(int max) throws IOException {
        List<Event> out = new ArrayList<>(Math.min(max, 1024));
        CharsetDecoder decoder = input.newDecoder().onMalformedInput(onError).onUnmappableCharacter(onError);
        while (out.size() < max) {
            int lineEnd = findNewline();
            int segmentEnd;
            int consumed;
            if (lineEnd >= 0 && lineEnd - start <= limitBytes) {
                segmentEnd = lineEnd;
                consumed = lineEnd + unit;
            } else if (lineEnd >= 0 || end - start >= limitBytes) {
                segmentEnd = cutPoint(start + limitBytes);
                consumed = segmentEnd;
            } else if (!eof) {
                fill();
                continue;
            } else if (end > start) {
                segmentEnd = end;
                consumed = end;
            } else {
                break;
            }
            CharBuffer chars = decoder.reset().decode(ByteBuffer.wrap(buf, start, segmentEnd - start));
            ByteBuffer encoded = output.encode(chars);
            byte[] body = new byte[encoded.remaining()];
            encoded.get(body);
            out.add(Event.of(body));
            start = consumed;
        }
        return out;
    }

    /** Index in buf of the next newline at or after start (aligned to the code unit), or -1. */
    private int findNewline() {
        for (int i = start; i + unit <= end; i += unit) {
            boolean match = true;
            for (int k = 0; k < unit; k++) {
                if (buf[i + k] != newline[k]) {
                    match = false;
                    break;
                }
            }
            if (match) {
                return i;
            }
        }
        return -1;
    }

    /** A cut at or before {@code at} that does not split a UTF-8 character. */
    private int cutPoint(int at) {
        int cut = at;
        if (utf8) {
            while (cut > start + 1 && (buf[cut] & 0xC0) == 0x80) {
                cut--;
            }
        }
        return cut;
    }

    private void fill() throws IOException {
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            bufOffset += start;
            start = 0;
        }
        ByteBuffer b = ByteBuffer.wrap(buf, end, buf.length - end);
        int r = channel.read(b, bufOffset + end);
        if (r < 0) {
            eof = true;
        } else {
            end += r;
        }
    }

    @Override
    public Mark mark() {
        return new Mark(bufOffset + start, 0);
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }
}
