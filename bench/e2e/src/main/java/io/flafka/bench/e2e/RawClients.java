package io.flafka.bench.e2e;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/** The baselines: kafka-clients alone, in this JVM, with the same settings the Flafka components use. */
final class RawClients {
    private final Scenarios.Env env;

    RawClients(Scenarios.Env env) {
        this.env = env;
    }

    /** Writes {@code n} bodies with {@code seq} 0..n-1 (asynchronously, then flush); returns the send time. */
    static long produce(String bootstrap, String topic, long n, Bodies bodies, String clientId) {
        SendFailures failures = new SendFailures();
        long t0 = System.nanoTime();
        try (KafkaProducer<byte[], byte[]> p = Kafka.producer(bootstrap, clientId)) {
            for (long i = 0; i < n; i++) {
                p.send(new ProducerRecord<>(topic, bodies.body(i, 0)), failures);
            }
            p.flush();
        }
        failures.throwIfAny();
        return System.nanoTime() - t0;
    }

    /**
     * The one callback of every send of a run (one object, as the Kafka sink has one per batch; a lambda capturing
     * the counters made one per record): counts failed sends and keeps the first.
     */
    private static final class SendFailures implements Callback {
        private final AtomicLong failed = new AtomicLong();
        private final AtomicReference<Exception> first = new AtomicReference<>();

        @Override
        public void onCompletion(RecordMetadata metadata, Exception e) {
            if (e != null) {
                failed.incrementAndGet();
                first.compareAndSet(null, e);
            }
        }

        void throwIfAny() {
            if (failed.get() > 0) {
                throw new IllegalStateException(failed.get() + " sends failed", first.get());
            }
        }
    }

    /** The raw producer: n events, acks=all, idempotent, to a fresh topic; read back to verify. */
    Result producer(String id, String topic) throws Exception {
        env.createTopic(topic);
        Scenarios.Probe probe = env.begin();
        long wall = produce(env.bootstrap(), topic, env.events(), env.bodies(), "raw-producer");
        Scenarios.Probe done = env.probe();
        double rss = Meter.peakRssMb();
        return new Result(id, "raw KafkaProducer (acks=all, idempotent)", env.events(), env.bodies().size(),
                wall, wall, done.cpu() - probe.cpu(), rss, done.brokerCpu() - probe.brokerCpu(),
                null, env.readBackAndDelete(topic), "");
    }

    /**
     * Passes of each warm-up, as many as an agent JVM's warm-up runs: with 3, the raw consumer still sped up
     * through the run (rc-a 1.28-1.41 M events/s at 1.0-1.3 us of CPU per event, rc-h 2.3-2.7 M at 0.3-0.4 us).
     */
    static final int WARM_UP_PASSES = 10;

    /**
     * Warms the broker and this JVM: the first group creates the offsets topic (seconds), which no
     * measured run should pay; reading the whole topic also loads and compiles the consumer's code. One pass was
     * not enough: the consumer's per-fetch code reached its compiled form only after a few million records, and the
     * first baseline of a run (rc-a) took 1.5-2.5 times as long as the third.
     */
    void warmUp(String topic) {
        for (int pass = 1; pass <= WARM_UP_PASSES; pass++) {
            try (KafkaConsumer<byte[], byte[]> c = Kafka.consumer(env.bootstrap(), "warm-up-" + pass)) {
                c.subscribe(List.of(topic));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                long read = 0;
                while (read < env.events() && System.nanoTime() < deadline) {
                    read += c.poll(Duration.ofMillis(100)).count();
                }
                c.commitSync();
            }
        }
    }

    /**
     * Warms the producer side as {@link #warmUp} does the consumer's: the first producer run of a benchmark was
     * always the slowest (1.3-2x: the broker's first writes to a new topic after the load, and this JVM's
     * compilation), which made the first producer baseline, not the scenario, the noise.
     */
    void warmUpProducer() throws Exception {
        for (int pass = 1; pass <= WARM_UP_PASSES; pass++) {
            String topic = "warm-up-out-" + pass;
            env.createTopic(topic);
            long n = Math.min(env.events(), 1_000_000);
            long nanos = produce(env.bootstrap(), topic, n, env.bodies(), "warm-up-producer");
            System.out.printf(java.util.Locale.ROOT, "warm-up producer pass %d: %.0f events/s%n", pass, n * 1e9 / nanos);
            env.admin().deleteTopics(List.of(topic)).all().get();
        }
    }

    /** The raw consumer: subscribes with a fresh group and reads all n events of {@code topic}. */
    Result consumer(String id, String topic) {
        long n = env.events();
        SeqCheck check = new SeqCheck(n);
        Scenarios.Probe probe = env.begin();
        long t0 = System.nanoTime();
        long first = 0;
        long last = 0;
        try (KafkaConsumer<byte[], byte[]> c = Kafka.consumer(env.bootstrap(), "raw-consumer-" + id)) {
            c.subscribe(List.of(topic));
            long idleSince = System.nanoTime();
            while (check.received() < n) {
                var records = c.poll(Duration.ofMillis(100));
                long now = System.nanoTime();
                if (records.isEmpty()) {
                    if (now - idleSince > TimeUnit.SECONDS.toNanos(60)) {
                        break;
                    }
                    continue;
                }
                if (first == 0) {
                    first = now;
                }
                idleSince = now;
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    check.add(Bodies.seq(r.value()));
                }
                last = System.nanoTime();
            }
        }
        Scenarios.Probe done = env.probe();
        return new Result(id, "raw KafkaConsumer (subscribe, client defaults)", check.received(),
                env.bodies().size(), last - t0, last - first, done.cpu() - probe.cpu(), Meter.peakRssMb(),
                done.brokerCpu() - probe.brokerCpu(), null, check.result(),
                String.format(java.util.Locale.ROOT, "start->first record %.0f ms", (first - t0) / 1e6));
    }

    /**
     * Scenario c's job done by the raw clients, for reference: a consumer (fresh group) reads all n events of
     * {@code in} and a producer with the sink's settings (acks=all, idempotent) writes each value to {@code out}
     * as it is polled; then a flush and an offset commit. No interceptors, no channel, no Flume headers.
     */
    Result pipe(String id, String in, String out) throws Exception {
        env.createTopic(out);
        long n = env.events();
        SendFailures onAck = new SendFailures();
        Scenarios.Probe probe = env.begin();
        long t0 = System.nanoTime();
        long first = 0;
        long copied = 0;
        try (KafkaConsumer<byte[], byte[]> c = Kafka.consumer(env.bootstrap(), "raw-pipe-" + id);
             KafkaProducer<byte[], byte[]> p = Kafka.producer(env.bootstrap(), "raw-pipe-" + id)) {
            c.subscribe(List.of(in));
            long idleSince = System.nanoTime();
            while (copied < n) {
                var records = c.poll(Duration.ofMillis(100));
                if (records.isEmpty()) {
                    if (System.nanoTime() - idleSince > TimeUnit.SECONDS.toNanos(60)) {
                        break;
                    }
                    continue;
                }
                if (first == 0) {
                    first = System.nanoTime();
                }
                idleSince = System.nanoTime();
                for (ConsumerRecord<byte[], byte[]> r : records) {
                    p.send(new ProducerRecord<>(out, r.value()), onAck);
                }
                copied += records.count();
            }
            p.flush();
            c.commitSync();
        }
        long last = System.nanoTime();
        onAck.throwIfAny();
        Scenarios.Probe done = env.probe();
        return new Result(id, "raw consumer -> raw producer (c's job, no agent)", n, env.bodies().size(), last - t0,
                last - first, done.cpu() - probe.cpu(), Meter.peakRssMb(), done.brokerCpu() - probe.brokerCpu(), null,
                env.readBackAndDelete(out), "");
    }
}
