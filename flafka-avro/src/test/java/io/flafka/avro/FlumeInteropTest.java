package io.flafka.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.Event;
import io.flafka.api.Status;
import io.flafka.api.metrics.SinkCounter;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.avro.rpc.FlumeProtocol;
import io.flafka.avro.sink.AvroSink;
import io.flafka.avro.source.AvroSource;
import io.flafka.testkit.CollectingChannelProcessor;
import io.flafka.testkit.SimpleTestChannel;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.handler.codec.compression.ZlibCodecFactory;
import io.netty.handler.codec.compression.ZlibWrapper;
import io.netty.handler.ssl.SslHandler;
import java.security.KeyStore;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import org.apache.avro.ipc.netty.NettyServer;
import org.apache.avro.ipc.specific.SpecificResponder;
import org.apache.flume.api.RpcClient;
import org.apache.flume.api.RpcClientFactory;
import org.apache.flume.event.EventBuilder;
import org.apache.flume.source.avro.AvroFlumeEvent;
import org.apache.flume.source.avro.AvroSourceProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Interoperability with Apache Flume 1.11's own SDK (test scope only): Flume's RPC client sends to
 * Flafka's avro source, and Flafka's avro sink sends to a server built from Flume's generated protocol
 * (plain, deflate, TLS, both).
 */
class FlumeInteropTest {

    @Test
    void ourProtocolIsFlumesToTheByte() {
        assertThat(FlumeProtocol.PROTOCOL.toString()).isEqualTo(AvroSourceProtocol.PROTOCOL.toString());
        assertThat(FlumeProtocol.PROTOCOL.getMD5()).isEqualTo(AvroSourceProtocol.PROTOCOL.getMD5());
    }

    @Test
    void flumesRpcClientSendsToOurSource() throws Exception {
        CollectingChannelProcessor received = new CollectingChannelProcessor();
        SourceCounter counter = new SourceCounter("r1");
        AvroSource source = Fixtures.source(Fixtures.sourceConfig(), counter);
        source.start(received);
        RpcClient client = RpcClientFactory.getDefaultInstance("127.0.0.1", source.localPort(), 100);
        try {
            List<org.apache.flume.Event> batch = new ArrayList<>();
            for (int i = 0; i < 250; i++) {
                batch.add(EventBuilder.withBody(("f" + i).getBytes(StandardCharsets.UTF_8),
                        Map.of("i", Integer.toString(i), "host", "flume-agent")));
            }
            client.appendBatch(batch); // the client splits into batches of 100
            client.append(EventBuilder.withBody("single".getBytes(StandardCharsets.UTF_8), Map.of("k", "v")));

            List<Event> got = received.events();
            assertThat(got).hasSize(251);
            for (int i = 0; i < 250; i++) {
                assertThat(got.get(i).bodyAsString()).isEqualTo("f" + i);
                assertThat(got.get(i).headers()).isEqualTo(Map.of("i", Integer.toString(i), "host", "flume-agent"));
            }
            assertThat(got.get(250).headers()).isEqualTo(Map.of("k", "v"));
            assertThat(counter.get(SourceCounter.APPEND_BATCH_ACCEPTED)).isEqualTo(3);
            assertThat(counter.get(SourceCounter.APPEND_ACCEPTED)).isEqualTo(1);
            assertThat(counter.get(SourceCounter.EVENT_RECEIVED)).isEqualTo(251);

            // a full channel is FAILED, which Flume's client reports as a delivery failure
            received.mode(CollectingChannelProcessor.Mode.FULL);
            assertThatThrownBy(() -> client.appendBatch(List.of(EventBuilder.withBody(new byte[] {1}))))
                    .isInstanceOf(org.apache.flume.EventDeliveryException.class);
            assertThat(received.count()).isEqualTo(251);
        } finally {
            client.close();
            source.stop();
        }
    }

    @Test
    void flumesRpcClientWithDeflateSendsToOurSource() throws Exception {
        CollectingChannelProcessor received = new CollectingChannelProcessor();
        AvroSource source = Fixtures.source(Fixtures.sourceConfig("compression-type", "deflate"),
                new SourceCounter("r1"));
        source.start(received);
        Properties p = new Properties();
        p.setProperty("hosts", "h1");
        p.setProperty("hosts.h1", "127.0.0.1:" + source.localPort());
        p.setProperty("batch-size", "50");
        p.setProperty("compression-type", "deflate");
        p.setProperty("compression-level", "6");
        RpcClient client = RpcClientFactory.getInstance(p);
        try {
            List<org.apache.flume.Event> batch = new ArrayList<>();
            for (int i = 0; i < 120; i++) {
                batch.add(EventBuilder.withBody(("z" + i).repeat(20).getBytes(StandardCharsets.UTF_8),
                        Map.of("i", Integer.toString(i))));
            }
            client.appendBatch(batch);
            assertThat(received.count()).isEqualTo(120);
            assertThat(received.events().get(119).bodyAsString()).isEqualTo("z119".repeat(20));
        } finally {
            client.close();
            source.stop();
        }
    }

    @Test
    void flumesRpcClientWithTlsSendsToOurSource() throws Exception {
        Fixtures.Stores stores = Fixtures.sharedStores();
        CollectingChannelProcessor received = new CollectingChannelProcessor();
        AvroSource source = Fixtures.source(Fixtures.sourceConfig("ssl", "true", "keystore",
                stores.keystore().toString(), "keystore-password", Fixtures.PASSWORD), new SourceCounter("r1"));
        source.start(received);
        Properties p = new Properties();
        p.setProperty("hosts", "h1");
        p.setProperty("hosts.h1", "127.0.0.1:" + source.localPort());
        p.setProperty("ssl", "true");
        p.setProperty("truststore", stores.truststore().toString());
        p.setProperty("truststore-password", Fixtures.PASSWORD);
        p.setProperty("truststore-type", "JKS");
        RpcClient client = RpcClientFactory.getInstance(p);
        try {
            client.appendBatch(List.of(EventBuilder.withBody("over tls".getBytes(StandardCharsets.UTF_8),
                    Map.of("secure", "yes"))));
            assertThat(received.events()).singleElement().satisfies(e -> {
                assertThat(e.bodyAsString()).isEqualTo("over tls");
                assertThat(e.headers()).isEqualTo(Map.of("secure", "yes"));
            });
        } finally {
            client.close();
            source.stop();
        }
    }

    /** Flume's generated protocol served the way Flume's avro source serves it. */
    static final class FlumeServer implements AvroSourceProtocol {
        final List<AvroFlumeEvent> events = Collections.synchronizedList(new ArrayList<>());
        volatile org.apache.flume.source.avro.Status answer = org.apache.flume.source.avro.Status.OK;

        @Override
        public org.apache.flume.source.avro.Status append(AvroFlumeEvent event) {
            events.add(event);
            return answer;
        }

        @Override
        public org.apache.flume.source.avro.Status appendBatch(List<AvroFlumeEvent> batch) {
            if (answer == org.apache.flume.source.avro.Status.OK) {
                events.addAll(batch);
            }
            return answer;
        }
    }

    /**
     * The channel set-up of Flume's avro source, written here from its documented behaviour: TLS from the
     * socket inwards, then zlib (level 6) when compression-type = deflate.
     */
    private static java.util.function.Consumer<io.netty.channel.socket.SocketChannel> flumeLikePipeline(
            boolean deflate, SSLContext tls) {
        return ch -> {
            if (tls != null) {
                SSLEngine engine = tls.createSSLEngine();
                engine.setUseClientMode(false);
                ch.pipeline().addLast("ssl", new SslHandler(engine));
            }
            if (deflate) {
                // zlib framing (RFC 1950), as Flume's ZlibEncoder/ZlibDecoder pair writes and expects
                ch.pipeline().addLast("inflater", ZlibCodecFactory.newZlibDecoder(ZlibWrapper.ZLIB, 0));
                ch.pipeline().addLast("deflater", ZlibCodecFactory.newZlibEncoder(ZlibWrapper.ZLIB, 6));
            }
        };
    }

    private static SSLContext serverTls(Fixtures.Stores stores) throws Exception {
        KeyStore ks = KeyStore.getInstance("JKS");
        try (var in = java.nio.file.Files.newInputStream(stores.keystore())) {
            ks.load(in, Fixtures.PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(ks, Fixtures.PASSWORD.toCharArray());
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(kmf.getKeyManagers(), null, null);
        return ctx;
    }

    @ParameterizedTest(name = "deflate={0} tls={1}")
    @CsvSource({"false,false", "true,false", "false,true", "true,true"})
    void ourSinkSendsToFlumesProtocol(boolean deflate, boolean tls) throws Exception {
        FlumeServer impl = new FlumeServer();
        EventLoopGroup boss = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup workers = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup callers = new DefaultEventLoop();
        Fixtures.Stores stores = tls ? Fixtures.sharedStores() : null;
        NettyServer server = new NettyServer(new SpecificResponder(AvroSourceProtocol.class, impl),
                new InetSocketAddress("127.0.0.1", 0), flumeLikePipeline(deflate, tls ? serverTls(stores) : null),
                b -> { }, boss, workers, callers);
        server.start();
        SimpleTestChannel channel = new SimpleTestChannel();
        List<Event> sent = Fixtures.events("s-", 150);
        channel.putAll(sent);
        List<String> keys = new ArrayList<>();
        if (deflate) {
            keys.addAll(List.of("compression-type", "deflate", "compression-level", "9"));
        }
        if (tls) {
            keys.addAll(List.of("ssl", "true", "truststore", stores.truststore().toString(), "truststore-password",
                    Fixtures.PASSWORD, "truststore-type", "JKS"));
        }
        AvroSink sink = Fixtures.sink(Fixtures.sinkConfig(server.getPort(), keys.toArray(new String[0])),
                new SinkCounter("k1"));
        try {
            sink.start(channel);
            assertThat(sink.process()).isEqualTo(Status.READY);
            impl.answer = org.apache.flume.source.avro.Status.FAILED;
            assertThatThrownBy(sink::process).isInstanceOf(io.flafka.api.EventDeliveryException.class);
            assertThat(channel.size()).isEqualTo(50);
            impl.answer = org.apache.flume.source.avro.Status.OK;
            assertThat(sink.process()).isEqualTo(Status.READY);
            assertThat(channel.size()).isZero();

            assertThat(impl.events).hasSize(150);
            for (int i = 0; i < 150; i++) {
                AvroFlumeEvent e = impl.events.get(i);
                Map<String, String> headers = new HashMap<>();
                e.getHeaders().forEach((k, v) -> headers.put(k.toString(), v.toString()));
                assertThat(headers).isEqualTo(sent.get(i).headers());
                ByteBuffer body = e.getBody();
                byte[] bytes = new byte[body.remaining()];
                body.get(bytes);
                assertThat(new String(bytes, StandardCharsets.UTF_8)).isEqualTo("s-" + i);
            }
        } finally {
            sink.stop();
            // no quiet period, so closing does not wait Netty's default 2 s per group
            boss.shutdownGracefully(0, 5, TimeUnit.SECONDS);
            workers.shutdownGracefully(0, 5, TimeUnit.SECONDS);
            callers.shutdownGracefully(0, 5, TimeUnit.SECONDS);
            server.close();
        }
    }
}
