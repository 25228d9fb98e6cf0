package io.flafka.core.source;

import io.flafka.api.ChannelException;
import io.flafka.api.ChannelProcessor;
import io.flafka.api.Event;
import io.flafka.api.metrics.SourceCounter;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.net.Socket;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Serves one netcat client on its own thread: splits the bytes it sends into lines, hands the complete
 * lines to the processor in batches of at most {@code batchSize} (a batch grows across reads while
 * more input is already there, but is never held back waiting for more), and replies once per line, in order:
 * {@code OK} after the batch committed (when acks are on), {@code FAILED: <reason>} when it did not,
 * or when a line was longer than the limit. An over-long line is refused as a whole: the rest of it,
 * up to its newline, is discarded rather than becoming an event of its own. A last line without a
 * newline, cut off by the client closing, still becomes an event.
 *
 * <p>Lines are split on the byte 0x0A and a body is the line's bytes as sent: the encoding is one whose
 * newline is that byte ({@link CharsetValidator}), so decoding and encoding again would only cost time. The
 * line limit counts characters; a line is decoded to count them only when it has more bytes than the limit.
 */
final class NetcatConnection implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(NetcatConnection.class);
    /** Bytes read at once (at least what the longest accepted line can take). */
    private static final int READ_BYTES = 1 << 16;
    /** The largest batch list allocated up front; a larger batchSize grows it on first use. */
    private static final int MAX_PRESIZE = 1 << 16;

    private final Socket socket;
    private final ChannelProcessor processor;
    private final SourceCounter counter;
    private final NetcatSource.Settings settings;
    private final String sourceName;
    private final Runnable onClose;
    private final String tooLongReply;
    private final int batchSize;
    private final int maxLine;
    private final Charset charset;
    /** True while the rest of a refused over-long line is discarded, up to its newline. */
    private boolean skipping;
    /** The read buffer: {@code [start, fill)} holds the unfinished line; used by the connection's thread only. */
    private byte[] buf;
    private int start;
    private int fill;
    /** The most bytes an accepted line (newline included) can take in the charset. */
    private long maxLineBytes;
    /** Reused for every batch; sized for a full one up front (a batch never needs to grow). */
    private final List<Event> batch;

    NetcatConnection(Socket socket, ChannelProcessor processor, SourceCounter counter, NetcatSource.Settings settings,
                     String sourceName, Runnable onClose) {
        this.socket = socket;
        this.processor = processor;
        this.counter = counter;
        this.settings = settings;
        this.sourceName = sourceName;
        this.onClose = onClose;
        this.batchSize = settings.batchSize();
        this.maxLine = settings.maxLineLength();
        this.charset = settings.charset();
        this.batch = new ArrayList<>(Math.min(batchSize, MAX_PRESIZE));
        this.tooLongReply = "FAILED: Event exceeds the maximum length (" + settings.maxLineLength()
                + " chars, including newline)\n";
    }

    @Override
    public void run() {
        try (Socket s = socket) {
            Writer out = new BufferedWriter(new OutputStreamWriter(s.getOutputStream(), charset));
            serve(s.getInputStream(), out);
        } catch (IOException e) {
            LOG.debug("Netcat source {}: connection from {} ended: {}", sourceName, socket.getRemoteSocketAddress(),
                    e.toString());
        } finally {
            onClose.run();
        }
    }

    private void serve(InputStream in, Writer out) throws IOException {
        // the most bytes a line of maxLine characters (newline included) can take in this encoding
        maxLineBytes = (long) Math.ceil(maxLine * (double) charset.newEncoder().maxBytesPerChar());
        // Read in large chunks, whatever the line limit: a buffer of max-line-length bytes would hand
        // the channel a transaction of one or two lines per read, however large batchSize is.
        buf = new byte[(int) Math.min(Integer.MAX_VALUE - 8, Math.max(READ_BYTES, maxLineBytes + 1))];
        while (readOnce(in, out)) {
            // each read is a call of its own: this loop runs once per connection, rarely long enough to be
            // compiled on-stack, so a body written here ran interpreted (10 % of the thread in a profile)
        }
    }

    /** Reads once and handles what arrived; false at the end of the input. */
    private boolean readOnce(InputStream in, Writer out) throws IOException {
        int n = in.read(buf, fill, buf.length - fill);
        if (n < 0) {
            if (!skipping && fill > start) {
                batch.add(Event.of(Arrays.copyOfRange(buf, start, fill)));
                deliver(out);
                out.flush();
            }
            return false;
        }
        int end = fill + n;
        start = splitLines(buf, start, fill, end, out);
        fill = end;
        if (in.available() <= 0) {
            // nothing more to read right now: hand over what we have rather than wait for a full batch
            deliver(out);
        }
        if (!skipping && fill - start >= maxLineBytes) {
            // an unfinished line already too long, newline or not: refused whole, the rest discarded
            refuseTooLong(out);
            skipping = true;
        }
        if (skipping || start == fill) {
            // the rest of a refused line is dropped; or everything was consumed
            start = 0;
            fill = 0;
        } else if (fill == buf.length) {
            // the unfinished line (shorter than the limit) moves to the front
            System.arraycopy(buf, start, buf, 0, fill - start);
            fill -= start;
            start = 0;
        }
        out.flush();
        return true;
    }

    /**
     * Turns the complete lines in {@code bytes[lineStart, end)} into events (there is no newline in
     * {@code [lineStart, from)}), handing over each full batch; returns where the unfinished line begins.
     */
    private int splitLines(byte[] bytes, int lineStart, int from, int end, Writer out) throws IOException {
        int line = lineStart;
        for (int i = NetcatNewlines.indexOf(bytes, from, end); i >= 0; i = NetcatNewlines.indexOf(bytes, line, end)) {
            if (skipping) {
                skipping = false;
            } else if (!fits(bytes, line, i - line, charset, maxLine)) {
                // answer the lines before it first, so replies stay in order
                deliver(out);
                refuseTooLong(out);
            } else {
                batch.add(Event.of(Arrays.copyOfRange(bytes, line, i)));
                if (batch.size() >= batchSize) {
                    deliver(out);
                }
            }
            line = i + 1;
        }
        return line;
    }

    /**
     * True when a line of {@code length} bytes plus its newline is within max-line-length characters. A
     * character takes at least one byte, so only a line with more bytes than the limit is decoded to count.
     */
    private static boolean fits(byte[] buf, int start, int length, Charset cs, int maxLine) {
        return length + 1 <= maxLine || new String(buf, start, length, cs).length() + 1 <= maxLine;
    }

    private void refuseTooLong(Writer out) throws IOException {
        counter.increment(SourceCounter.EVENT_READ_FAIL);
        LOG.warn("Netcat source {}: refused a line from {} longer than max-line-length {} (including newline)",
                sourceName, socket.getRemoteSocketAddress(), settings.maxLineLength());
        out.write(tooLongReply);
    }

    /** Hands the batch to the processor and answers each line; the batch is empty afterwards. */
    private void deliver(Writer out) throws IOException {
        int n = batch.size();
        if (n == 0) {
            return;
        }
        counter.eventsReceived(n);
        String failure = null;
        try {
            processor.processBatch(batch);
        } catch (ChannelException e) {
            failure = e.getMessage();
            LOG.warn("Netcat source {}: {} events from {} not committed, answering FAILED: {}", sourceName, n,
                    socket.getRemoteSocketAddress(), e.toString());
        } catch (RuntimeException e) {
            failure = "error: " + e;
            counter.increment(SourceCounter.GENERIC_PROCESSING_FAIL);
            LOG.warn("Netcat source {}: {} events from {} failed, answering FAILED", sourceName, n,
                    socket.getRemoteSocketAddress(), e);
        } finally {
            batch.clear();
        }
        if (failure == null) {
            if (settings.ackEveryEvent()) {
                for (int i = 0; i < n; i++) {
                    out.write("OK\n");
                }
            }
        } else {
            String reply = "FAILED: " + String.valueOf(failure).replace('\n', ' ').replace('\r', ' ') + "\n";
            for (int i = 0; i < n; i++) {
                out.write(reply);
            }
        }
    }
}
