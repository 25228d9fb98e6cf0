package io.flafka.bench.e2e;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Posts the bodies to an HTTP source as Flume JSONHandler requests ({@code [{"headers":{},"body":"..."}, ...]})
 * of {@code batch} events, from {@code clients} threads, each on its own keep-alive HTTP/1.1 connection.
 *
 * <p>A lean client on purpose: the raw producer it is compared with pays nothing to make its data, and on two
 * cores every microsecond the feeder spends is taken from the agent. Each request is built into one reused
 * array (head and JSON) and written with one call on a plain {@link Socket}; the answer's status line and
 * headers are parsed by hand and its body (Content-Length or chunked) read to the end, so the connection stays
 * in step. Every answer is checked: 200 is done, 503 (channel full) and a refused connection (source not
 * listening yet) are retried, anything else fails the client; a connection the server closes is reopened.
 */
final class HttpFeeder extends BatchFeeder {
    private static final byte[] OPEN = "{\"headers\":{},\"body\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "\"}".getBytes(StandardCharsets.US_ASCII);
    private final int port;
    private final byte[] head;

    HttpFeeder(int port, int clients, long n, int batch, Bodies bodies) {
        super("http", clients, n, batch, bodies);
        this.port = port;
        this.head = ("POST / HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nContent-Type: application/json; charset=UTF-8\r\nContent-Length: ")
                .getBytes(StandardCharsets.US_ASCII);
    }

    @Override
    protected Sender open(int i) {
        return new Client();
    }

    /** One keep-alive connection, opened on first use and again after the server closed it. */
    private final class Client implements Sender {
        private final Request request = new Request(head.length + 16
                + batch * (bodies.size() + OPEN.length + CLOSE.length + 1) + 2);
        private final byte[] in = new byte[8192];
        private Socket socket;
        private InputStream input;
        private int pos;
        private int lim;

        @Override
        public boolean send(long first, int count) throws IOException {
            request.build(first, count);
            if (socket == null) {
                socket = connect(port);
                if (socket == null) {
                    return false; // not listening yet
                }
                input = socket.getInputStream();
                pos = 0;
                lim = 0;
            }
            socket.getOutputStream().write(request.bytes, request.offset, request.length);
            return answer();
        }

        /** Reads one answer: true for 200, false for 503; throws for anything else. */
        private boolean answer() throws IOException {
            String status = line();
            if (!status.startsWith("HTTP/1.")) {
                throw new IOException("HTTP source answered '" + status + "'");
            }
            int code = Integer.parseInt(status.substring(9, 12));
            long length = -1;
            boolean chunked = false;
            boolean close = status.startsWith("HTTP/1.0");
            String h;
            while (!(h = line()).isEmpty()) {
                String lower = h.toLowerCase(Locale.ROOT);
                if (lower.startsWith("content-length:")) {
                    length = Long.parseLong(h.substring(15).trim());
                } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                    chunked = true;
                } else if (lower.startsWith("connection:")) {
                    close = lower.contains("close");
                }
            }
            String body = chunked ? chunkedBody() : text(length);
            if (close) {
                close();
            }
            if (code == 200) {
                return true;
            }
            if (code == 503) {
                return false;
            }
            throw new IOException("HTTP source answered " + code + ": " + body);
        }

        private String chunkedBody() throws IOException {
            StringBuilder body = new StringBuilder();
            long size;
            while ((size = Long.parseLong(line().split(";", 2)[0].trim(), 16)) > 0) {
                body.append(text(size));
                line();
            }
            while (!line().isEmpty()) {
                // trailers
            }
            return body.toString();
        }

        /** The next {@code length} bytes as text; with -1, none (the answers always say their length). */
        private String text(long length) throws IOException {
            StringBuilder out = new StringBuilder();
            for (long k = 0; k < length; k++) {
                out.append((char) next());
            }
            return out.toString();
        }

        private String line() throws IOException {
            StringBuilder out = new StringBuilder();
            int b;
            while ((b = next()) != '\n') {
                if (b != '\r') {
                    out.append((char) b);
                }
            }
            return out.toString();
        }

        private int next() throws IOException {
            if (pos == lim) {
                lim = input.read(in);
                pos = 0;
                if (lim <= 0) {
                    lim = 0;
                    throw new IOException("HTTP source closed the connection before answering");
                }
            }
            return in[pos++] & 0xff;
        }

        @Override
        public void close() throws IOException {
            if (socket != null) {
                socket.close();
                socket = null;
            }
        }
    }

    /** One request (head and JSON body) in a reused array. */
    private final class Request {
        private final byte[] bytes;
        private int offset;
        private int length;

        Request(int capacity) {
            bytes = new byte[capacity];
        }

        void build(long first, int count) {
            int bodyStart = head.length + 12; // room for the Content-Length digits and the blank line
            int p = bodyStart;
            bytes[p++] = '[';
            for (int k = 0; k < count; k++) {
                if (k > 0) {
                    bytes[p++] = ',';
                }
                p = put(OPEN, p);
                p = put(bodies.body(first + k, 0), p); // ASCII digits, spaces and 'x': nothing to escape
                p = put(CLOSE, p);
            }
            bytes[p++] = ']';
            // the head goes right before the body: its length depends on the body's
            byte[] tail = (Integer.toString(p - bodyStart) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
            offset = bodyStart - tail.length - head.length;
            System.arraycopy(head, 0, bytes, offset, head.length);
            System.arraycopy(tail, 0, bytes, bodyStart - tail.length, tail.length);
            length = p - offset;
        }

        private int put(byte[] b, int p) {
            System.arraycopy(b, 0, bytes, p, b.length);
            return p + b.length;
        }
    }
}
