package io.flafka.avro.source;

import io.flafka.api.ChannelException;
import io.flafka.api.ChannelProcessor;
import io.flafka.api.Event;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.avro.rpc.EventDatumReader;
import io.flafka.avro.rpc.FlumeProtocol;
import io.flafka.core.util.RateLimitedLog;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Protocol;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.ipc.Transceiver;
import org.apache.avro.ipc.generic.GenericResponder;
import org.apache.avro.util.ByteBufferInputStream;
import org.apache.avro.util.Utf8;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers {@code append} and {@code appendBatch}: each call is one {@link ChannelProcessor#processBatch}
 * (one put transaction per channel), answered {@code OK} only once it committed and {@code FAILED}
 * when a channel was full or failed, so a client never takes an uncommitted event for delivered.
 * Client headers pass through unchanged.
 *
 * <p>Counting: {@code AppendReceivedCount}/{@code AppendBatchReceivedCount} and
 * {@code EventReceivedCount} per call, {@code AppendAcceptedCount}/{@code AppendBatchAcceptedCount}
 * after a commit ({@code EventAcceptedCount} and {@code ChannelWriteFail} are the processor's),
 * {@code GenericProcessingFail} for unexpected errors.
 *
 * <p>Calls on a connection whose handshake settled on exactly our protocol (every Flume and Flafka client)
 * take a short path (see {@link #respond(List, Transceiver)}); anything else goes through Avro's.
 *
 * <p>Threading: called concurrently from the server's caller threads. {@link #close()} makes later calls
 * answer FAILED and interrupts the calls waiting in the processor (e.g. for room in a full channel).
 */
final class EventResponder extends GenericResponder {
    private static final Logger LOG = LoggerFactory.getLogger(EventResponder.class);
    private static final Utf8 APPEND_BATCH = new Utf8(FlumeProtocol.APPEND_BATCH);
    private static final Utf8 APPEND = new Utf8(FlumeProtocol.APPEND);
    private static final EventDatumReader BATCH_READER = new EventDatumReader(true);
    private static final EventDatumReader SINGLE_READER = new EventDatumReader(false);

    private final String sourceName;
    private final ChannelProcessor processor;
    private final SourceCounter counter;
    private final Schema appendRequest;
    private final Schema batchRequest;
    private final Set<Thread> inFlight = ConcurrentHashMap.newKeySet();
    private final RateLimitedLog failedWarn = new RateLimitedLog(LOG);
    private volatile boolean open = true;

    EventResponder(String sourceName, ChannelProcessor processor, SourceCounter counter) {
        super(FlumeProtocol.PROTOCOL);
        this.sourceName = sourceName;
        this.processor = processor;
        this.counter = counter;
        this.appendRequest = FlumeProtocol.PROTOCOL.getMessages().get(FlumeProtocol.APPEND).getRequest();
        this.batchRequest = FlumeProtocol.PROTOCOL.getMessages().get(FlumeProtocol.APPEND_BATCH).getRequest();
    }

    /**
     * The short path: once a connection's handshake settled on exactly our protocol, an {@code append} or
     * {@code appendBatch} call (empty call metadata from a client, nothing else) is decoded straight from the
     * received buffers into events and answered with the three bytes Avro would write (empty response
     * metadata, no error, the status), without Avro's per-call decoder, output buffers and context. Any other
     * call (first call with its handshake, another protocol revision, another message, RPC plugins, bytes
     * that do not decode) goes through Avro's general path, which sees the buffers untouched.
     */
    @Override
    public List<ByteBuffer> respond(List<ByteBuffer> buffers, Transceiver connection) throws IOException {
        if (connection == null || !connection.isConnected() || connection.getRemote() != getLocal()
                || !rpcMetaPlugins.isEmpty()) {
            return super.respond(buffers, connection);
        }
        Protocol.Message message;
        Object request;
        try {
            BinaryDecoder in = decoder(buffers);
            for (long n = in.readMapStart(); n > 0; n = in.mapNext()) {
                for (long i = 0; i < n; i++) {
                    in.skipString();
                    in.skipBytes();
                }
            }
            Utf8 name = in.readString(null);
            boolean batch = name.equals(APPEND_BATCH);
            if (!batch && !name.equals(APPEND)) {
                return super.respond(buffers, connection);
            }
            message = getLocal().getMessages().get(batch ? FlumeProtocol.APPEND_BATCH : FlumeProtocol.APPEND);
            request = (batch ? BATCH_READER : SINGLE_READER).read(null, in);
        } catch (IOException | RuntimeException e) {
            return super.respond(buffers, connection); // Avro's path answers it (with an error, if it is one)
        }
        Object status = respond(message, request);
        return List.of(ByteBuffer.wrap(answer(status)));
    }

    /** A decoder over the buffers' remaining bytes; the buffers' positions are left alone. */
    private static BinaryDecoder decoder(List<ByteBuffer> buffers) {
        if (buffers.size() == 1 && buffers.get(0).hasArray()) {
            ByteBuffer b = buffers.get(0);
            return DecoderFactory.get().binaryDecoder(b.array(), b.arrayOffset() + b.position(), b.remaining(),
                    null);
        }
        List<ByteBuffer> views = new ArrayList<>(buffers.size());
        for (ByteBuffer b : buffers) {
            views.add(b.duplicate());
        }
        return DecoderFactory.get().binaryDecoder(new ByteBufferInputStream(views), null);
    }

    /** Empty response metadata, the no-error flag and the status enum's index (zig-zag varint). */
    private static byte[] answer(Object status) {
        int ordinal = FlumeProtocol.STATUS_SCHEMA.getEnumOrdinal(status.toString());
        return new byte[] {0, 0, (byte) (ordinal << 1)};
    }

    @Override
    protected DatumReader<Object> getDatumReader(Schema actual, Schema expected) {
        // A client speaking exactly our protocol (Flume, Flafka) is decoded straight into events.
        if (actual.equals(expected)) {
            if (expected == batchRequest) {
                return new EventDatumReader(true);
            }
            if (expected == appendRequest) {
                return new EventDatumReader(false);
            }
        }
        return super.getDatumReader(actual, expected);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Object respond(Protocol.Message message, Object request) {
        boolean batch;
        if (FlumeProtocol.APPEND_BATCH.equals(message.getName())) {
            batch = true;
        } else if (FlumeProtocol.APPEND.equals(message.getName())) {
            batch = false;
        } else {
            throw new AvroRuntimeException("unknown message " + message.getName());
        }
        List<Event> events = request instanceof List<?> l ? (List<Event>) l : fromGeneric(request, batch);
        int n = events.size();
        counter.increment(batch ? SourceCounter.APPEND_BATCH_RECEIVED : SourceCounter.APPEND_RECEIVED);
        counter.eventsReceived(n);
        if (!open) {
            return FlumeProtocol.FAILED;
        }
        Thread me = Thread.currentThread();
        inFlight.add(me);
        try {
            processor.processBatch(events);
        } catch (ChannelException e) {
            failedWarn.warn("Avro source {}: {} events not committed, answering FAILED: {}", sourceName, n,
                    e.toString());
            return FlumeProtocol.FAILED;
        } catch (RuntimeException e) {
            counter.increment(SourceCounter.GENERIC_PROCESSING_FAIL);
            failedWarn.warn("Avro source {}: {} events failed, answering FAILED", sourceName, n, e);
            return FlumeProtocol.FAILED;
        } finally {
            inFlight.remove(me);
            if (!open) {
                Thread.interrupted(); // an interrupt meant for this call must not hit the next task
            }
        }
        counter.increment(batch ? SourceCounter.APPEND_BATCH_ACCEPTED : SourceCounter.APPEND_ACCEPTED);
        return FlumeProtocol.OK;
    }

    /** Later calls answer FAILED; calls blocked in the processor are interrupted. */
    void close() {
        open = false;
        for (Thread t : inFlight) {
            t.interrupt();
        }
    }

    /** Converts a request decoded by Avro's generic reader (a client with another protocol revision). */
    private static List<Event> fromGeneric(Object request, boolean batch) {
        GenericRecord r = (GenericRecord) request;
        List<Event> out = new ArrayList<>();
        if (batch) {
            Object events = r.get("events");
            if (events instanceof Collection<?> c) {
                for (Object e : c) {
                    out.add(toEvent((GenericRecord) e));
                }
            }
        } else {
            out.add(toEvent((GenericRecord) r.get("event")));
        }
        return out;
    }

    private static Event toEvent(GenericRecord record) {
        Event e = Event.of(null);
        Object headers = record.get("headers");
        if (headers instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> h : m.entrySet()) {
                e.headers().put(String.valueOf(h.getKey()), String.valueOf(h.getValue()));
            }
        }
        Object body = record.get("body");
        if (body instanceof ByteBuffer b) {
            byte[] bytes = new byte[b.remaining()];
            b.duplicate().get(bytes);
            e.body(bytes);
        }
        return e;
    }
}
