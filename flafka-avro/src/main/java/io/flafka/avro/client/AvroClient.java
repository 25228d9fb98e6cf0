package io.flafka.avro.client;

import io.flafka.api.Event;
import io.flafka.api.EventDeliveryException;
import io.flafka.avro.rpc.AvroRpcClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.stream.Stream;

/**
 * What {@code flume-ng avro-client} does: reads a text file, every file of a directory in name order
 * ({@code --dirname}), or standard input, turns each line into one
 * event (UTF-8, without its line terminator), adds the headers of an optional properties file to every
 * event, and sends them to an avro source in {@code appendBatch} calls of {@code batchSize}. Each batch
 * is sent only after the previous one was answered {@code OK}; the first failure stops the run with an
 * {@link AvroClientException} saying how many events were delivered before it.
 *
 * <p>Used from one thread; {@link #run(InputStream)} opens and closes its own connection.
 */
public final class AvroClient {

    /**
     * @param file the file to send, a directory whose regular files are sent in name order, or null to read
     *     {@code stdin}
     * @param headerFile a properties file of headers added to every event, or null
     */
    public record Options(String host, int port, Path file, Path headerFile, int batchSize, long connectTimeoutMs,
                          long requestTimeoutMs) {
        public Options {
            Objects.requireNonNull(host, "host");
            if (port < 1 || port > 65535) {
                throw new IllegalArgumentException("port must be between 1 and 65535, not " + port);
            }
            if (batchSize < 1) {
                throw new IllegalArgumentException("batch size must be at least 1, not " + batchSize);
            }
        }

        /** Flume's defaults: batches of 100, 20 s timeouts. */
        public static Options of(String host, int port, Path file, Path headerFile) {
            return new Options(host, port, file, headerFile, 100, 20_000, 20_000);
        }
    }

    /** The run failed; the message says why, and how many events had been delivered. */
    public static final class AvroClientException extends Exception {
        private static final long serialVersionUID = 1L;
        private final long delivered;

        AvroClientException(String message, long delivered, Throwable cause) {
            super(message, cause);
            this.delivered = delivered;
        }

        /** Events acknowledged before the failure. */
        public long delivered() {
            return delivered;
        }
    }

    private final Options options;

    public AvroClient(Options options) {
        this.options = options;
    }

    /**
     * Sends every line and returns how many events were delivered.
     *
     * @param stdin read when no file is given
     */
    public long run(InputStream stdin) throws AvroClientException {
        Map<String, String> headers = readHeaders(options.headerFile());
        AvroRpcClient client;
        try {
            client = new AvroRpcClient("avro-client", new AvroRpcClient.Settings(options.host(), options.port(),
                    options.connectTimeoutMs(), options.requestTimeoutMs(), false, 6, null));
        } catch (Exception e) {
            throw new AvroClientException("cannot set up the client: " + e.getMessage(), 0, e);
        }
        long delivered = 0;
        List<Event> batch = new ArrayList<>(options.batchSize());
        Path current = options.file();
        try {
            for (Path input : inputs()) {
                current = input;
                try (Reader in = input == null ? new InputStreamReader(stdin, StandardCharsets.UTF_8)
                        : Files.newBufferedReader(input, StandardCharsets.UTF_8);
                     BufferedReader lines = new BufferedReader(in)) {
                    String line;
                    while ((line = lines.readLine()) != null) {
                        batch.add(Event.of(line.getBytes(StandardCharsets.UTF_8), headers));
                        if (batch.size() == options.batchSize()) {
                            client.appendBatch(batch);
                            delivered += batch.size();
                            batch.clear();
                        }
                    }
                }
            }
            if (!batch.isEmpty()) {
                client.appendBatch(batch);
                delivered += batch.size();
            }
            return delivered;
        } catch (EventDeliveryException e) {
            throw new AvroClientException("failed to send events to " + options.host() + ":" + options.port()
                    + " after " + delivered + " were delivered: " + e.getMessage(), delivered, e);
        } catch (NoSuchFileException e) {
            throw new AvroClientException("file not found: " + e.getFile(), delivered, e);
        } catch (IOException e) {
            throw new AvroClientException("cannot read " + (current == null ? "standard input"
                    : current) + ": " + e.getMessage() + " (" + delivered + " events were delivered)",
                    delivered, e);
        } finally {
            client.close();
        }
    }

    /** The files to read in order; a single null stands for standard input. */
    private List<Path> inputs() throws IOException {
        Path f = options.file();
        if (f == null) {
            List<Path> stdin = new ArrayList<>(1);
            stdin.add(null);
            return stdin;
        }
        if (!Files.isDirectory(f)) {
            return List.of(f);
        }
        try (Stream<Path> files = Files.list(f)) {
            return files.filter(Files::isRegularFile).sorted().toList();
        }
    }

    private static Map<String, String> readHeaders(Path headerFile) throws AvroClientException {
        Map<String, String> headers = new HashMap<>();
        if (headerFile == null) {
            return headers;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(headerFile, StandardCharsets.UTF_8)) {
            p.load(r);
        } catch (NoSuchFileException e) {
            throw new AvroClientException("header file not found: " + headerFile, 0, e);
        } catch (IOException e) {
            throw new AvroClientException("cannot read header file " + headerFile + ": " + e.getMessage(), 0, e);
        }
        for (String name : p.stringPropertyNames()) {
            headers.put(name, p.getProperty(name));
        }
        return headers;
    }
}
