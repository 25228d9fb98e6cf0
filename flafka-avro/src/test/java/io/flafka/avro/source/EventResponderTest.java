package io.flafka.avro.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.Event;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.avro.rpc.FlumeProtocol;
import io.flafka.testkit.CollectingChannelProcessor;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.Protocol;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.ipc.Transceiver;
import org.apache.avro.util.ByteBufferInputStream;
import org.junit.jupiter.api.Test;

/**
 * The responder's short path for connections that completed the handshake with our protocol: it must answer
 * exactly as Avro's general path does, and hand everything else to that path.
 */
class EventResponderTest {
    private final CollectingChannelProcessor processor = new CollectingChannelProcessor();
    private final SourceCounter counter = new SourceCounter("r1");
    private final EventResponder responder = new EventResponder("r1", processor, counter);

    /** A server-side connection whose handshake is done (as Avro's Netty server keeps one per connection). */
    private static final class Connected extends Transceiver {
        private Protocol remote;

        Connected(Protocol remote) {
            this.remote = remote;
        }

        @Override
        public boolean isConnected() {
            return remote != null;
        }

        @Override
        public void setRemote(Protocol protocol) {
            remote = protocol;
        }

        @Override
        public Protocol getRemote() {
            return remote;
        }

        @Override
        public String getRemoteName() {
            return "test";
        }

        @Override
        public List<ByteBuffer> readBuffers() {
            throw new UnsupportedOperationException();
        }

        @Override
        public void writeBuffers(List<ByteBuffer> buffers) {
            throw new UnsupportedOperationException();
        }
    }

    /** A call as Avro's requestor writes it on a connected transport: call metadata, message name, request. */
    private static byte[] call(String message, Map<String, String> meta, boolean batch, String... bodies)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(out, null);
        e.writeMapStart();
        e.setItemCount(meta.size());
        for (Map.Entry<String, String> m : meta.entrySet()) {
            e.startItem();
            e.writeString(m.getKey());
            e.writeBytes(m.getValue().getBytes(StandardCharsets.UTF_8));
        }
        e.writeMapEnd();
        e.writeString(message);
        if (batch) {
            e.writeArrayStart();
            e.setItemCount(bodies.length);
        }
        for (String body : bodies) {
            if (batch) {
                e.startItem();
            }
            e.writeMapStart();
            e.setItemCount(1);
            e.startItem();
            e.writeString("h");
            e.writeString("v-" + body);
            e.writeMapEnd();
            e.writeBytes(body.getBytes(StandardCharsets.UTF_8));
        }
        if (batch) {
            e.writeArrayEnd();
        }
        e.flush();
        return out.toByteArray();
    }

    /** The answer's response metadata, error flag and status, decoded as Avro's requestor does. */
    private static String status(List<ByteBuffer> answer) throws IOException {
        BinaryDecoder in = DecoderFactory.get().binaryDecoder(new ByteBufferInputStream(answer), null);
        assertThat(in.readMapStart()).isZero();
        if (in.readBoolean()) {
            in.readIndex();
            return "error: " + in.readString();
        }
        return FlumeProtocol.STATUS_SCHEMA.getEnumSymbols().get(in.readEnum());
    }

    /** The bytes split into buffers of at most {@code size}, the way Avro's client sends them. */
    private static List<ByteBuffer> split(byte[] bytes, int size) {
        List<ByteBuffer> out = new ArrayList<>();
        for (int off = 0; off < bytes.length; off += size) {
            out.add(ByteBuffer.wrap(bytes, off, Math.min(size, bytes.length - off)).slice());
        }
        return out;
    }

    @Test
    void batchesAndSingleEventsAreDeliveredAndAnsweredOk() throws Exception {
        Connected c = new Connected(FlumeProtocol.PROTOCOL);
        assertThat(status(responder.respond(List.of(ByteBuffer.wrap(call("appendBatch", Map.of(), true, "a", "b"))),
                c))).isEqualTo("OK");
        assertThat(status(responder.respond(split(call("appendBatch", Map.of("k", "v"), true, "c", "d", "e"), 7),
                c))).isEqualTo("OK");
        assertThat(status(responder.respond(List.of(ByteBuffer.wrap(call("append", Map.of(), false, "f"))), c)))
                .isEqualTo("OK");
        assertThat(processor.bodies()).containsExactly("a", "b", "c", "d", "e", "f");
        Event first = processor.events().get(0);
        assertThat(first.headers()).containsExactlyEntriesOf(Map.of("h", "v-a"));
        assertThat(counter.get(SourceCounter.APPEND_BATCH_RECEIVED)).isEqualTo(2);
        assertThat(counter.get(SourceCounter.APPEND_BATCH_ACCEPTED)).isEqualTo(2);
        assertThat(counter.get(SourceCounter.APPEND_RECEIVED)).isEqualTo(1);
        assertThat(counter.get(SourceCounter.APPEND_ACCEPTED)).isEqualTo(1);
        assertThat(counter.get(SourceCounter.EVENT_RECEIVED)).isEqualTo(6);
    }

    @Test
    void aFullChannelIsAnsweredFailed() throws Exception {
        processor.mode(CollectingChannelProcessor.Mode.FULL);
        List<ByteBuffer> answer = responder.respond(List.of(ByteBuffer.wrap(call("appendBatch", Map.of(), true,
                "x"))), new Connected(FlumeProtocol.PROTOCOL));
        assertThat(status(answer)).isEqualTo("FAILED");
        assertThat(processor.count()).isZero();
        assertThat(counter.get(SourceCounter.APPEND_BATCH_ACCEPTED)).isZero();
    }

    @Test
    void otherCallsTakeAvrosPathAndGetItsAnswer() throws Exception {
        Connected c = new Connected(FlumeProtocol.PROTOCOL);
        // an unknown message: Avro's path answers with an error
        assertThat(status(responder.respond(List.of(ByteBuffer.wrap(call("nope", Map.of(), true, "x"))), c)))
                .startsWith("error: ").contains("nope");
        // a truncated request: Avro's path reads the same bytes and answers with an error
        byte[] whole = call("appendBatch", Map.of(), true, "a", "b");
        byte[] cut = java.util.Arrays.copyOf(whole, whole.length - 3);
        assertThat(status(responder.respond(List.of(ByteBuffer.wrap(cut)), c))).startsWith("error: ");
        assertThat(processor.count()).isZero();
        // a connection still without a handshake is Avro's business too: it answers the handshake first
        Connected fresh = new Connected(null);
        List<ByteBuffer> handshakeAnswer = responder.respond(List.of(ByteBuffer.wrap(new byte[] {0})), fresh);
        assertThat(handshakeAnswer).isNotEmpty();
        assertThat(fresh.isConnected()).isFalse();
    }
}
