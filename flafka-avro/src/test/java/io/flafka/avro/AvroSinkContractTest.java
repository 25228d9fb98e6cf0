package io.flafka.avro;

import io.flafka.api.ComponentProvider;
import io.flafka.api.Sink;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.avro.sink.AvroSinkProvider;
import io.flafka.avro.source.AvroSource;
import io.flafka.testkit.CollectingChannelProcessor;
import io.flafka.testkit.SinkContractTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;

/** The sink contract for the avro sink, delivering to a Flafka avro source whose processor records. */
class AvroSinkContractTest extends SinkContractTest {
    private CollectingChannelProcessor received;
    private AvroSource server;

    @Override
    protected ComponentProvider<?> provider() {
        return new AvroSinkProvider();
    }

    @Override
    protected Map<String, String> config() throws Exception {
        received = new CollectingChannelProcessor();
        server = Fixtures.source(Fixtures.sourceConfig(), new SourceCounter("r1"));
        server.start(received);
        return Fixtures.sinkConfig(server.localPort(), "batch-size", Integer.toString(batchSize()));
    }

    @Override
    protected List<String> delivered() {
        return received.bodies();
    }

    @Override
    protected boolean breakDelivery(Sink s) {
        received.mode(CollectingChannelProcessor.Mode.FAIL);
        return true;
    }

    @Override
    protected void repairDelivery(Sink s) {
        received.mode(CollectingChannelProcessor.Mode.ACCEPT);
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }
}
