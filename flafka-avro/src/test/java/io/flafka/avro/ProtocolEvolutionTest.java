package io.flafka.avro;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.metrics.SourceCounter;
import io.flafka.avro.rpc.FlumeProtocol;
import io.flafka.avro.source.AvroSource;
import io.flafka.testkit.CollectingChannelProcessor;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.avro.Protocol;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.ipc.generic.GenericRequestor;
import org.apache.avro.ipc.netty.NettyTransceiver;
import org.junit.jupiter.api.Test;

/** A client whose protocol revision differs from ours is decoded through Avro's schema resolution. */
class ProtocolEvolutionTest {
    private static final String OTHER = """
            {"protocol":"AvroSourceProtocol","namespace":"org.apache.flume.source.avro",
             "types":[{"type":"enum","name":"Status","symbols":["OK","FAILED","UNKNOWN"]},
                      {"type":"record","name":"AvroFlumeEvent","fields":[
                         {"name":"headers","type":{"type":"map","values":"string"}},
                         {"name":"body","type":"bytes"},
                         {"name":"traceId","type":"string","default":""}]}],
             "messages":{"appendBatch":{"request":[{"name":"events","type":{"type":"array","items":"AvroFlumeEvent"}}],
                                        "response":"Status"}}}
            """;

    @Test
    void anEvolvedClientIsUnderstood() throws Exception {
        Protocol other = Protocol.parse(OTHER);
        assertThat(other.getMD5()).isNotEqualTo(FlumeProtocol.PROTOCOL.getMD5());
        CollectingChannelProcessor received = new CollectingChannelProcessor();
        AvroSource source = Fixtures.source(Fixtures.sourceConfig(), new SourceCounter("r1"));
        source.start(received);
        try (NettyTransceiver t = new NettyTransceiver(new InetSocketAddress("127.0.0.1", source.localPort()))) {
            GenericRequestor requestor = new GenericRequestor(other, t);
            Schema eventSchema = other.getType("org.apache.flume.source.avro.AvroFlumeEvent");
            GenericRecord e = new GenericData.Record(eventSchema);
            e.put("headers", Map.of("k", "v"));
            e.put("body", ByteBuffer.wrap("evolved".getBytes(StandardCharsets.UTF_8)));
            e.put("traceId", "t-1");
            GenericRecord request = new GenericData.Record(other.getMessages().get("appendBatch").getRequest());
            request.put("events", List.of(e));
            Object status = requestor.request("appendBatch", request);
            assertThat(status.toString()).isEqualTo("OK");
        } finally {
            source.stop();
        }
        assertThat(received.events()).singleElement().satisfies(ev -> {
            assertThat(ev.bodyAsString()).isEqualTo("evolved");
            assertThat(ev.headers()).isEqualTo(Map.of("k", "v"));
        });
    }
}
