package io.flafka.bench.e2e;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;

/**
 * Latency at a fixed rate: a producer stamps each body with its send time, a consumer on the output topic
 * takes the difference on receipt. Probes (sequence numbers at and above {@link #PROBE_BASE}) are sent first
 * until one comes through, so that consumer group joins are not measured.
 */
final class LatencyBench {
    static final long PROBE_BASE = 9_000_000_000L;

    /** Percentiles of one run, in milliseconds. */
    record Latency(String title, long sent, long received, long duplicates, double p50, double p99, double p999,
                   double max, double mean) {

        static String header() {
            return String.format(Locale.ROOT, "%-52s %8s %8s %5s %8s %8s %8s %8s %8s", "latency (ms)", "sent",
                    "received", "dup", "p50", "p99", "p99.9", "max", "mean");
        }

        String row() {
            return String.format(Locale.ROOT, "%-52s %8d %8d %5d %8.2f %8.2f %8.2f %8.2f %8.2f", title, sent,
                    received, duplicates, p50, p99, p999, max, mean);
        }
    }

    private final String bootstrap;
    private final Bodies bodies;
    private final int rate;
    private final int seconds;

    LatencyBench(String bootstrap, Bodies bodies, int rate, int seconds) {
        this.bootstrap = bootstrap;
        this.bodies = bodies;
        this.rate = rate;
        this.seconds = seconds;
    }

    /** The same measurement, at most 10 s long: a warm-up of a new agent JVM. */
    LatencyBench warmUp() {
        return new LatencyBench(bootstrap, bodies, rate, Math.min(seconds, 10));
    }

    Latency measure(String title, String in, String out) throws Exception {
        int m = rate * seconds;
        long[] latency = new long[m];
        Arrays.fill(latency, -1);
        AtomicLong received = new AtomicLong();
        AtomicLong duplicates = new AtomicLong();
        AtomicLong probesSeen = new AtomicLong();
        Thread reader;
        try (KafkaConsumer<byte[], byte[]> c = Kafka.consumer(bootstrap, null)) {
            List<TopicPartition> tps = Kafka.partitions(c, out);
            c.assign(tps);
            c.seekToEnd(tps);
            tps.forEach(c::position); // resolve the end now, before anything is sent
            reader = new Thread(() -> {
                while (!Thread.currentThread().isInterrupted() && received.get() < m) {
                    var records = c.poll(Duration.ofMillis(50));
                    long now = Bodies.now();
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        long seq = Bodies.seq(r.value());
                        if (seq >= PROBE_BASE) {
                            probesSeen.incrementAndGet();
                        } else if (seq >= 0 && seq < m) {
                            if (latency[(int) seq] >= 0) {
                                duplicates.incrementAndGet();
                            } else {
                                latency[(int) seq] = now - Bodies.sendNanos(r.value());
                                received.incrementAndGet();
                            }
                        }
                    }
                }
            }, "latency-reader");
            reader.start();
            try (KafkaProducer<byte[], byte[]> p = Kafka.producer(bootstrap, "latency-producer")) {
                long probe = PROBE_BASE;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (probesSeen.get() == 0) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("no probe came through " + in + " -> " + out);
                    }
                    p.send(new ProducerRecord<>(in, bodies.body(probe++, Bodies.now())));
                    Thread.sleep(100);
                }
                Thread.sleep(500); // let the probes settle
                long intervalNanos = 1_000_000_000L / rate;
                long start = System.nanoTime();
                for (int i = 0; i < m; i++) {
                    long due = start + i * intervalNanos;
                    long wait;
                    while ((wait = due - System.nanoTime()) > 0) {
                        LockSupport.parkNanos(wait);
                    }
                    p.send(new ProducerRecord<>(in, bodies.body(i, Bodies.now())));
                }
                p.flush();
            }
            reader.join(TimeUnit.SECONDS.toMillis(60));
            reader.interrupt();
            reader.join();
        }
        long[] got = Arrays.stream(latency).filter(l -> l >= 0).sorted().toArray();
        if (got.length == 0) {
            return new Latency(title, m, 0, duplicates.get(), -1, -1, -1, -1, -1);
        }
        return new Latency(title, m, got.length, duplicates.get(), pct(got, 0.50), pct(got, 0.99), pct(got, 0.999),
                got[got.length - 1] / 1e6, Arrays.stream(got).average().orElse(0) / 1e6);
    }

    private static double pct(long[] sorted, double q) {
        int i = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, i))] / 1e6;
    }
}
