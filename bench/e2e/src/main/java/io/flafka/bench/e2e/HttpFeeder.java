package io.flafka.bench.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URL;
import java.nio.charset.StandardCharsets;

/**
 * Posts the bodies to an HTTP source as Flume JSONHandler requests ({@code [{"headers":{},"body":"..."}, ...]})
 * of {@code batch} events, from {@code clients} threads, each on its own keep-alive connection
 * ({@link HttpURLConnection}, which does all its work on the calling thread). 503 (channel full) and a
 * refused connection (source not listening yet) are retried; any other answer fails the client.
 */
final class HttpFeeder extends BatchFeeder {
    private static final byte[] OPEN = "{\"headers\":{},\"body\":\"".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "\"}".getBytes(StandardCharsets.US_ASCII);
    private final URL url;

    HttpFeeder(int port, int clients, long n, int batch, Bodies bodies) throws IOException {
        super("http", clients, n, batch, bodies);
        this.url = URI.create("http://127.0.0.1:" + port + "/").toURL();
    }

    @Override
    protected Sender open(int i) {
        ByteArrayOutputStream json = new ByteArrayOutputStream(batch * (bodies.size() + OPEN.length + 4));
        return new Sender() {
            @Override
            public boolean send(long first, int count) throws IOException {
                json.reset();
                json.write('[');
                for (int k = 0; k < count; k++) {
                    if (k > 0) {
                        json.write(',');
                    }
                    json.write(OPEN); // bodies are ASCII digits, spaces and 'x': nothing to escape
                    json.write(bodies.body(first + k, 0));
                    json.write(CLOSE);
                }
                json.write(']');
                return post(json);
            }

            @Override
            public void close() {
                // keep-alive connections belong to the JDK's cache; they close when the source stops
            }
        };
    }

    private boolean post(ByteArrayOutputStream json) throws IOException {
        HttpURLConnection c = (HttpURLConnection) url.openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setFixedLengthStreamingMode(json.size());
        c.setRequestProperty("Content-Type", "application/json; charset=UTF-8");
        try (OutputStream out = c.getOutputStream()) {
            json.writeTo(out);
        } catch (ConnectException e) {
            return false;
        }
        int code = c.getResponseCode();
        // read the answer to its end so that the connection goes back to the keep-alive cache
        try (InputStream in = code < 400 ? c.getInputStream() : c.getErrorStream()) {
            String answer = in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8);
            if (code == 200) {
                return true;
            }
            if (code == 503) {
                return false;
            }
            throw new IOException("HTTP source answered " + code + ": " + answer);
        }
    }
}
