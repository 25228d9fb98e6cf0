package io.flafka.avro;

import io.flafka.api.ComponentProvider;
import io.flafka.api.Event;
import io.flafka.api.EventDeliveryException;
import io.flafka.api.Source;
import io.flafka.avro.rpc.AvroRpcClient;
import io.flafka.avro.source.AvroSource;
import io.flafka.avro.source.AvroSourceProvider;
import io.flafka.testkit.SourceContractTest;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;

/** The source contract for the avro source, with Flafka's RPC client as the upstream. */
class AvroSourceContractTest extends SourceContractTest {
    private final AtomicInteger seq = new AtomicInteger();
    private final List<AvroRpcClient> clients = new ArrayList<>();

    @Override
    protected ComponentProvider<?> provider() {
        return new AvroSourceProvider();
    }

    @Override
    protected Map<String, String> config() {
        return Fixtures.sourceConfig();
    }

    @Override
    protected List<String> produce(Source source, int n) throws Exception {
        int port = ((AvroSource) source).localPort();
        AvroRpcClient client;
        synchronized (clients) {
            client = new AvroRpcClient("producer", new AvroRpcClient.Settings("127.0.0.1", port, 10_000, 120_000,
                    false, 6, null));
            clients.add(client);
        }
        List<Event> batch = Fixtures.events("p" + seq.incrementAndGet() + "-", n);
        List<String> bodies = Fixtures.bodies(batch);
        try {
            client.appendBatch(batch);
            return bodies;
        } catch (EventDeliveryException e) {
            return List.of(); // FAILED: the upstream knows these are not safe
        } finally {
            client.close();
        }
    }

    @AfterEach
    void closeClients() {
        synchronized (clients) {
            clients.forEach(AvroRpcClient::close);
        }
    }
}
