package io.flafka.it;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Writes the events {@code e0 .. e<N-1>} (or a range of them) to a topic on its own thread, a chunk at a time with a pause
 * between chunks, so that they keep arriving while agents are killed and restarted. Each chunk is
 * acknowledged (acks=all) before the next; {@link #await} fails if any send failed.
 */
final class Feeder implements AutoCloseable {
    private final Thread thread;
    private volatile Exception failure;
    private volatile int sent;
    private volatile int keys;

    Feeder(String servers, String topic, int n, int chunk, long pauseMs) {
        this(servers, topic, 0, n, chunk, pauseMs);
    }

    /** Feeds {@code e<from> .. e<to-1>}. */
    Feeder(String servers, String topic, int from, int to, int chunk, long pauseMs) {
        this.sent = from;
        thread = new Thread(() -> run(servers, topic, from, to, chunk, pauseMs), "feeder-" + topic + "-" + from);
        thread.setDaemon(true);
    }

    /** Uses only {@code n} distinct keys ({@code k0 .. k<n-1>}) instead of one per event; call before start. */
    Feeder keys(int n) {
        this.keys = n;
        return this;
    }

    Feeder start() {
        thread.start();
        return this;
    }

    private void run(String servers, String topic, int from, int n, int chunk, long pauseMs) {
        try (KafkaProducer<String, byte[]> p = new KafkaProducer<>(Map.of("bootstrap.servers", servers,
                "acks", "all", "linger.ms", 5), new StringSerializer(), new ByteArraySerializer())) {
            for (int i = from; i < n; ) {
                List<Future<?>> fs = new ArrayList<>();
                for (int end = Math.min(n, i + chunk); i < end; i++) {
                    // keyed, so the events spread over every partition (a null key sticks to one partition
                    // for a whole batch, and a consumer holding another partition would see nothing)
                    String key = "k" + (keys > 0 ? i % keys : i);
                    fs.add(p.send(new ProducerRecord<>(topic, key, ("e" + i).getBytes(StandardCharsets.UTF_8))));
                }
                for (Future<?> f : fs) {
                    f.get(60, TimeUnit.SECONDS);
                }
                sent = i;
                if (i < n) {
                    Thread.sleep(pauseMs);
                }
            }
        } catch (Exception e) {
            failure = e;
        }
    }

    /** The number after the last event acknowledged so far. */
    int sent() {
        return sent;
    }

    /** Waits until every event is acknowledged by the broker. */
    void await(long timeoutMs) throws Exception {
        thread.join(timeoutMs);
        if (failure != null) {
            throw new AssertionError("feeding the input failed after " + sent + " events", failure);
        }
        if (thread.isAlive()) {
            throw new AssertionError("feeding the input did not finish: " + sent + " events sent");
        }
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(10_000);
    }
}
