package io.flafka.avro.rpc;

import java.io.IOException;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.io.Encoder;
import org.apache.avro.ipc.Transceiver;
import org.apache.avro.ipc.generic.GenericRequestor;

/**
 * A requestor of {@link FlumeProtocol} that encodes {@code List<Event>} requests straight from
 * Flafka events (see {@link EventDatumWriter}); responses are read by Avro's generic reader. Used by
 * one caller thread at a time.
 */
final class EventRequestor extends GenericRequestor {
    private final Schema batchRequest;
    private final EventDatumWriter batchWriter = new EventDatumWriter(true);
    private final EventDatumWriter singleWriter = new EventDatumWriter(false);

    EventRequestor(Transceiver transceiver) throws IOException {
        super(FlumeProtocol.PROTOCOL, transceiver);
        this.batchRequest = FlumeProtocol.PROTOCOL.getMessages().get(FlumeProtocol.APPEND_BATCH).getRequest();
    }

    @Override
    public void writeRequest(Schema schema, Object request, Encoder out) throws IOException {
        if (request instanceof List<?>) {
            (schema == batchRequest ? batchWriter : singleWriter).write(request, out);
        } else {
            super.writeRequest(schema, request, out);
        }
    }
}
