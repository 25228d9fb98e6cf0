package io.flafka.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.Event;
import io.flafka.api.EventDeliveryException;
import io.flafka.api.Status;
import io.flafka.api.config.ConfigException;
import io.flafka.api.metrics.SinkCounter;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.avro.sink.AvroSink;
import io.flafka.avro.source.AvroSource;
import io.flafka.testkit.CollectingChannelProcessor;
import io.flafka.testkit.SimpleTestChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Flafka's avro sink sending to Flafka's avro source over real sockets on 127.0.0.1. */
class AvroRoundTripTest {
    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @TempDir
    static Path dir;
    private static Fixtures.Stores jks;

    private final List<AvroSource> sources = new ArrayList<>();
    private final List<AvroSink> sinks = new ArrayList<>();

    @BeforeAll
    static void makeStores() throws Exception {
        jks = Fixtures.sharedStores();
    }

    @AfterEach
    void stopAll() {
        sinks.forEach(AvroSink::stop);
        sources.forEach(AvroSource::stop);
    }

    private AvroSource startSource(Map<String, String> config, SourceCounter counter,
                                   io.flafka.api.ChannelProcessor processor) throws Exception {
        AvroSource s = Fixtures.source(config, counter);
        sources.add(s);
        s.start(processor);
        return s;
    }

    private AvroSink startSink(Map<String, String> config, SinkCounter counter, SimpleTestChannel channel)
            throws Exception {
        AvroSink k = Fixtures.sink(config, counter);
        sinks.add(k);
        k.start(channel);
        return k;
    }

    /** Sends 250 events with headers through the pair and checks what arrives and the counters. */
    private void roundTrip(String[] sourceKeys, String[] sinkKeys) throws Exception {
        CollectingChannelProcessor received = new CollectingChannelProcessor();
        SourceCounter sourceCounter = new SourceCounter("r1");
        AvroSource source = startSource(Fixtures.sourceConfig(sourceKeys), sourceCounter, received);
        SimpleTestChannel channel = new SimpleTestChannel();
        List<Event> sent = Fixtures.events("e-", 250);
        channel.putAll(sent);
        SinkCounter sinkCounter = new SinkCounter("k1");
        AvroSink sink = startSink(Fixtures.sinkConfig(source.localPort(), sinkKeys), sinkCounter, channel);
        while (sink.process() == Status.READY) {
            // drain
        }
        assertThat(channel.size()).isZero();
        assertThat(received.events()).containsExactlyElementsOf(sent); // bodies and headers, in order
        assertThat(received.batches()).hasSize(3);
        assertThat(sourceCounter.get(SourceCounter.APPEND_BATCH_RECEIVED)).isEqualTo(3);
        assertThat(sourceCounter.get(SourceCounter.APPEND_BATCH_ACCEPTED)).isEqualTo(3);
        assertThat(sourceCounter.get(SourceCounter.EVENT_RECEIVED)).isEqualTo(250);
        assertThat(sourceCounter.get(SourceCounter.OPEN_CONNECTIONS)).isEqualTo(1);
        assertThat(sinkCounter.get(SinkCounter.DRAIN_SUCCESS)).isEqualTo(250);
        assertThat(sinkCounter.get(SinkCounter.CONNECTION_CREATED)).isEqualTo(1);
        assertThat(sinkCounter.get(SinkCounter.BATCH_COMPLETE)).isEqualTo(2);
        sink.stop();
        assertThat(sinkCounter.get(SinkCounter.CONNECTION_CLOSED)).isEqualTo(1);
        Awaitility.await().atMost(PATIENCE).until(() -> sourceCounter.get(SourceCounter.OPEN_CONNECTIONS) == 0);
    }

    @Test
    void plain() throws Exception {
        roundTrip(new String[0], new String[0]);
    }

    @Test
    void deflate() throws Exception {
        roundTrip(new String[] {"compression-type", "deflate"},
                new String[] {"compression-type", "deflate", "compression-level", "9"});
    }

    @Test
    void tlsWithTrustStore() throws Exception {
        roundTrip(new String[] {"ssl", "true", "keystore", jks.keystore().toString(), "keystore-password",
            Fixtures.PASSWORD, "keystore-type", "JKS"},
                new String[] {"ssl", "true", "truststore", jks.truststore().toString(), "truststore-password",
                    Fixtures.PASSWORD});
    }

    @Test
    void tlsWithDeflateAndPkcs12() throws Exception {
        Path p12 = Fixtures.pkcs12KeyStore(jks, Files.createDirectories(dir.resolve("p12")));
        roundTrip(new String[] {"ssl", "true", "keystore", p12.toString(), "keystore-password",
            Fixtures.PASSWORD, "keystore-type", "PKCS12", "compression-type", "deflate",
            "include-protocols", "TLSv1.2 TLSv1.3"},
                new String[] {"ssl", "true", "trust-all-certs", "true", "compression-type", "deflate"});
    }

    @Test
    void tlsRefusesAnUntrustedServerAndAPlainClient() throws Exception {
        CollectingChannelProcessor received = new CollectingChannelProcessor();
        AvroSource source = startSource(Fixtures.sourceConfig("ssl", "true", "keystore", jks.keystore().toString(),
                "keystore-password", Fixtures.PASSWORD), new SourceCounter("r1"), received);
        // a TLS client trusting only the JDK's CAs
        SimpleTestChannel channel = new SimpleTestChannel();
        channel.putAll(Fixtures.events("x-", 5));
        SinkCounter c1 = new SinkCounter("k1");
        AvroSink untrusting = startSink(Fixtures.sinkConfig(source.localPort(), "ssl", "true"), c1, channel);
        assertThatThrownBy(untrusting::process).isInstanceOf(EventDeliveryException.class);
        // a plain client
        AvroSink plain = startSink(Fixtures.sinkConfig(source.localPort(), "request-timeout", "3000"),
                new SinkCounter("k2"), channel);
        assertThatThrownBy(plain::process).isInstanceOf(EventDeliveryException.class);
        assertThat(channel.size()).isEqualTo(5);
        assertThat(received.count()).isZero();
        assertThat(c1.get(SinkCounter.EVENT_WRITE_FAIL)).isPositive();
    }

    @Test
    void ipFilterAllowsAndDenies() throws Exception {
        CollectingChannelProcessor received = new CollectingChannelProcessor();
        AvroSource denying = startSource(Fixtures.sourceConfig("ipFilter", "true", "ipFilterRules",
                "allow:ip:10.*,deny:ip:127.0.0.*,allow:ip:*"), new SourceCounter("r1"), received);
        SimpleTestChannel channel = new SimpleTestChannel();
        channel.putAll(Fixtures.events("f-", 5));
        AvroSink toDenying = startSink(Fixtures.sinkConfig(denying.localPort()), new SinkCounter("k1"), channel);
        assertThatThrownBy(toDenying::process).isInstanceOf(EventDeliveryException.class);
        assertThat(channel.size()).isEqualTo(5);
        assertThat(received.count()).isZero();

        AvroSource allowing = startSource(Fixtures.sourceConfig("ipFilter", "true", "ipFilterRules",
                "allow:name:localhost,deny:ip:*"), new SourceCounter("r2"), received);
        AvroSink toAllowing = startSink(Fixtures.sinkConfig(allowing.localPort()), new SinkCounter("k2"), channel);
        assertThat(toAllowing.process()).isEqualTo(Status.READY);
        assertThat(received.bodies()).containsExactly("f-0", "f-1", "f-2", "f-3", "f-4");
    }

    @Test
    void badIpFilterRulesAreConfigErrors() {
        assertThatThrownBy(() -> Fixtures.source(Fixtures.sourceConfig("ipFilter", "true", "ipFilterRules",
                "permit:ip:*"), new SourceCounter("r1"))).isInstanceOf(ConfigException.class)
                .hasMessageContaining("allow or deny");
        assertThatThrownBy(() -> Fixtures.source(Fixtures.sourceConfig("ipFilter", "true"),
                new SourceCounter("r1"))).isInstanceOf(ConfigException.class).hasMessageContaining("ipFilterRules");
        assertThatThrownBy(() -> Fixtures.source(Fixtures.sourceConfig("ssl", "true"),
                new SourceCounter("r1"))).isInstanceOf(ConfigException.class).hasMessageContaining("keystore");
    }

    @Test
    void fullChannelAnswersFailedAndNothingIsCommitted() throws Exception {
        SimpleTestChannel downstream = new SimpleTestChannel(150, 1000);
        SourceCounter sourceCounter = new SourceCounter("r1");
        AvroSource source = startSource(Fixtures.sourceConfig(), sourceCounter,
                new ChannelBackedProcessor(downstream));
        SimpleTestChannel upstream = new SimpleTestChannel();
        upstream.putAll(Fixtures.events("a-", 100));
        SinkCounter sinkCounter = new SinkCounter("k1");
        AvroSink sink = startSink(Fixtures.sinkConfig(source.localPort()), sinkCounter, upstream);
        assertThat(sink.process()).isEqualTo(Status.READY); // 100 of 150
        upstream.putAll(Fixtures.events("b-", 100));
        assertThatThrownBy(sink::process).isInstanceOf(EventDeliveryException.class).hasMessageContaining("FAILED");
        assertThat(downstream.size()).isEqualTo(100);
        assertThat(upstream.bodies()).containsExactlyElementsOf(Fixtures.bodies(Fixtures.events("b-", 100)));
        assertThat(sourceCounter.get(SourceCounter.APPEND_BATCH_RECEIVED)).isEqualTo(2);
        assertThat(sourceCounter.get(SourceCounter.APPEND_BATCH_ACCEPTED)).isEqualTo(1);
        assertThat(sinkCounter.get(SinkCounter.EVENT_WRITE_FAIL)).isEqualTo(1);
        assertThat(sinkCounter.get(SinkCounter.CONNECTION_CLOSED)).as("a FAILED answer keeps the connection")
                .isZero();
        // room again: the same batch goes through on the same connection
        try (var tx = downstream.begin()) {
            tx.take(100, new ArrayList<>());
            tx.commit();
        }
        assertThat(sink.process()).isEqualTo(Status.READY);
        assertThat(downstream.bodies()).containsExactlyElementsOf(Fixtures.bodies(Fixtures.events("b-", 100)));
        assertThat(sinkCounter.get(SinkCounter.CONNECTION_CREATED)).isEqualTo(1);
    }

    @Test
    void sinkRetriesUntilTheSourceComesBack() throws Exception {
        int port = Fixtures.freePort();
        SimpleTestChannel channel = new SimpleTestChannel();
        channel.putAll(Fixtures.events("r-", 30));
        SinkCounter sinkCounter = new SinkCounter("k1");
        AvroSink sink = startSink(Fixtures.sinkConfig(port, "batch-size", "10"), sinkCounter, channel);
        assertThat(sinkCounter.get(SinkCounter.CONNECTION_FAILED)).as("start tried once").isEqualTo(1);
        assertThatThrownBy(sink::process).isInstanceOf(EventDeliveryException.class);
        assertThat(channel.size()).isEqualTo(30);
        assertThat(sinkCounter.get(SinkCounter.CONNECTION_FAILED)).isEqualTo(2);

        CollectingChannelProcessor received = new CollectingChannelProcessor();
        AvroSource source = startSource(Fixtures.sourceConfig("port", Integer.toString(port)),
                new SourceCounter("r1"), received);
        assertThat(sink.process()).isEqualTo(Status.READY);
        assertThat(received.bodies()).hasSize(10);

        // the source goes away mid-stream and comes back on the same port
        source.stop();
        sources.remove(source);
        assertThatThrownBy(sink::process).isInstanceOf(EventDeliveryException.class);
        assertThat(channel.size()).isEqualTo(20);
        AvroSource again = startSourceRetrying(Fixtures.sourceConfig("port", Integer.toString(port)), received);
        Awaitility.await().atMost(PATIENCE).ignoreExceptions().until(() -> sink.process() == Status.READY);
        assertThat(sink.process()).isEqualTo(Status.READY);
        assertThat(channel.size()).isZero();
        assertThat(received.bodies()).containsExactlyElementsOf(Fixtures.bodies(Fixtures.events("r-", 30)));
        assertThat(sinkCounter.get(SinkCounter.CONNECTION_CREATED)).isEqualTo(2);
        assertThat(sinkCounter.get(SinkCounter.CONNECTION_CLOSED)).isEqualTo(1);
        assertThat(again.localPort()).isEqualTo(port);
    }

    private AvroSource startSourceRetrying(Map<String, String> config, CollectingChannelProcessor p) {
        return Awaitility.await().atMost(PATIENCE).ignoreExceptions()
                .until(() -> startSource(config, new SourceCounter("r1"), p), s -> true);
    }

    @Test
    void stoppingTheSinkFailsABatchInFlightAtOnce() throws Exception {
        CollectingChannelProcessor received = new CollectingChannelProcessor();
        received.mode(CollectingChannelProcessor.Mode.BLOCK);
        AvroSource source = startSource(Fixtures.sourceConfig(), new SourceCounter("r1"), received);
        SimpleTestChannel channel = new SimpleTestChannel();
        channel.putAll(Fixtures.events("w-", 7));
        AvroSink sink = startSink(Fixtures.sinkConfig(source.localPort(), "request-timeout", "600000"),
                new SinkCounter("k1"), channel);
        java.util.concurrent.CompletableFuture<Status> processing = processInBackground(sink);
        Awaitility.await().atMost(PATIENCE).until(() -> received.blockedCallers() > 0);
        sink.stop();
        Awaitility.await("process() returns").atMost(PATIENCE).until(processing::isDone);
        assertThat(processing).isCompletedExceptionally();
        assertThat(channel.size()).as("the batch is back in the channel").isEqualTo(7);
        assertThat(channel.openTransactions()).isZero();
        received.mode(CollectingChannelProcessor.Mode.ACCEPT);
    }

    /** Runs {@code sink.process()} on a new thread. */
    private static java.util.concurrent.CompletableFuture<Status> processInBackground(AvroSink sink) {
        java.util.concurrent.CompletableFuture<Status> f = new java.util.concurrent.CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                f.complete(sink.process());
            } catch (Throwable e) {
                f.completeExceptionally(e);
            }
        }, "test-sender");
        t.setDaemon(true);
        t.start();
        return f;
    }

    @Test
    void threadsBoundsTheCallsWaitingForTheChannel() throws Exception {
        for (int threads : new int[] {1, 2}) {
            CollectingChannelProcessor received = new CollectingChannelProcessor();
            received.mode(CollectingChannelProcessor.Mode.BLOCK);
            AvroSource source = startSource(Fixtures.sourceConfig("threads", Integer.toString(threads)),
                    new SourceCounter("r" + threads), received);
            List<java.util.concurrent.CompletableFuture<Status>> sends = new ArrayList<>();
            for (int c = 0; c < 2; c++) { // two connections, one batch each
                SimpleTestChannel channel = new SimpleTestChannel();
                channel.putAll(Fixtures.events("c" + c + "-", 5));
                sends.add(processInBackground(startSink(Fixtures.sinkConfig(source.localPort(),
                        "request-timeout", "120000"), new SinkCounter("k" + c), channel)));
            }
            Awaitility.await().atMost(PATIENCE).until(() -> received.blockedCallers() == threads);
            if (threads == 1) {
                // the second call waits for the only caller thread instead of reaching the channel
                Thread.sleep(300);
                assertThat(received.attempts()).isEqualTo(1);
            }
            received.mode(CollectingChannelProcessor.Mode.ACCEPT);
            for (var send : sends) {
                assertThat(send.get(60, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(Status.READY);
            }
            assertThat(received.count()).isEqualTo(10);
        }
    }

    @Test
    void resetConnectionIntervalReconnects() throws Exception {
        CollectingChannelProcessor received = new CollectingChannelProcessor();
        AvroSource source = startSource(Fixtures.sourceConfig(), new SourceCounter("r1"), received);
        SimpleTestChannel channel = new SimpleTestChannel();
        SinkCounter sinkCounter = new SinkCounter("k1");
        AvroSink sink = startSink(Fixtures.sinkConfig(source.localPort(), "reset-connection-interval", "1"),
                sinkCounter, channel);
        channel.putAll(Fixtures.events("s-", 5));
        assertThat(sink.process()).isEqualTo(Status.READY);
        Thread.sleep(1100);
        channel.putAll(Fixtures.events("t-", 5));
        assertThat(sink.process()).isEqualTo(Status.READY);
        assertThat(sinkCounter.get(SinkCounter.CONNECTION_CREATED)).isEqualTo(2);
        assertThat(sinkCounter.get(SinkCounter.CONNECTION_CLOSED)).isEqualTo(1);
        assertThat(received.count()).isEqualTo(10);
    }
}
