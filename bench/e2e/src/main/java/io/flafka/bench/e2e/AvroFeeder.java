package io.flafka.bench.e2e;

import io.flafka.avro.rpc.FlumeProtocol;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.ipc.HandshakeMatch;
import org.apache.avro.ipc.HandshakeRequest;
import org.apache.avro.ipc.HandshakeResponse;
import org.apache.avro.ipc.MD5;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificDatumWriter;

/**
 * Sends the bodies to an Avro source in {@code appendBatch} calls of {@code batch} events (Flume's
 * {@code AvroSourceProtocol}, header-less events), from {@code clients} threads, each on its own connection.
 *
 * <p>A lean client on purpose: the raw producer it is compared with pays nothing to make its data, and on two
 * cores every microsecond the feeder spends is taken from the agent (Avro's own client, with its Netty I/O
 * thread and Flafka's caller thread, cost about 2 us per event). Each call is the bytes Avro's
 * {@code NettyTransceiver} would send, written on a plain {@link Socket} from the client thread: Avro's Netty
 * frame (serial, buffer count, length-prefixed buffers) around the call (empty call metadata, the message
 * name, the array of events). The first call on a connection carries Avro's handshake (written and read with
 * Avro's own handshake records; the server must answer BOTH). Every answer is decoded and checked: OK is done,
 * FAILED (channel full) and a refused connection (source not listening yet) are retried, anything else
 * (an error answer, a handshake mismatch, a closed connection) fails the client.
 */
final class AvroFeeder extends BatchFeeder {
    private static final byte[] MESSAGE = FlumeProtocol.APPEND_BATCH.getBytes(StandardCharsets.US_ASCII);
    private static final int STATUS_OK = FlumeProtocol.STATUS_SCHEMA.getEnumOrdinal("OK");
    private static final int STATUS_FAILED = FlumeProtocol.STATUS_SCHEMA.getEnumOrdinal("FAILED");
    private final int port;
    private volatile String lastRefusal;

    AvroFeeder(int port, int clients, long n, int batch, Bodies bodies) {
        super("avro", clients, n, batch, bodies);
        this.port = port;
    }

    @Override
    protected Sender open(int i) {
        return new Client();
    }

    @Override
    protected String lastRefusal() {
        String r = lastRefusal;
        return r == null ? super.lastRefusal() : r;
    }

    /** One connection, opened (with a handshake) on first use. */
    private final class Client implements Sender {
        private final Call call = new Call(batch * (bodies.size() + 2 * 5 + 1) + 64);
        private Socket socket;
        private DataInputStream input;
        private int serial;
        private byte[] answer = new byte[64];
        private BinaryDecoder decoder;

        @Override
        public boolean send(long first, int count) throws IOException {
            boolean handshake = socket == null;
            if (handshake) {
                socket = connect(port);
                if (socket == null) {
                    lastRefusal = "avro source not listening on port " + port;
                    return false;
                }
                input = new DataInputStream(new BufferedInputStream(socket.getInputStream()));
            }
            call.build(++serial, handshake ? handshakeRequest() : null, first, count);
            socket.getOutputStream().write(call.bytes, 0, call.length);
            return answer(handshake);
        }

        /** Reads the answer frame and decodes it: true for OK, false for FAILED; throws for anything else. */
        private boolean answer(boolean handshake) throws IOException {
            int got = input.readInt();
            if (got != serial) {
                throw new IOException("avro source answered call " + got + ", expected " + serial);
            }
            int buffers = input.readInt();
            int length = 0;
            for (int b = 0; b < buffers; b++) {
                int size = input.readInt();
                if (answer.length < length + size) {
                    answer = Arrays.copyOf(answer, Math.max(2 * answer.length, length + size));
                }
                input.readFully(answer, length, size);
                length += size;
            }
            decoder = DecoderFactory.get().binaryDecoder(answer, 0, length, decoder);
            if (handshake) {
                HandshakeResponse r = new SpecificDatumReader<>(HandshakeResponse.class).read(null, decoder);
                if (r.getMatch() != HandshakeMatch.BOTH) {
                    throw new IOException("avro source answered the handshake with " + r.getMatch());
                }
            }
            for (long m = decoder.readMapStart(); m > 0; m = decoder.mapNext()) {
                for (long k = 0; k < m; k++) {
                    decoder.skipString();
                    decoder.skipBytes();
                }
            }
            if (decoder.readBoolean()) {
                // the error union of a message without declared errors: ["string"]
                int branch = decoder.readIndex();
                throw new IOException("avro source answered an error: "
                        + (branch == 0 ? decoder.readString() : "union branch " + branch));
            }
            int status = decoder.readEnum();
            if (status == STATUS_OK) {
                return true;
            }
            if (status == STATUS_FAILED) {
                lastRefusal = "avro source answered FAILED (channel full)";
                return false;
            }
            throw new IOException("avro source answered status " + status);
        }

        @Override
        public void close() throws IOException {
            if (socket != null) {
                socket.close();
                socket = null;
            }
        }
    }

    /** Avro's handshake: our protocol's hash (and text, so that the server need not ask for it) for both ends. */
    private static byte[] handshakeRequest() throws IOException {
        MD5 hash = new MD5(FlumeProtocol.PROTOCOL.getMD5());
        HandshakeRequest h = new HandshakeRequest(hash, FlumeProtocol.PROTOCOL.toString(), hash, null);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder e = EncoderFactory.get().directBinaryEncoder(out, null);
        new SpecificDatumWriter<>(HandshakeRequest.class).write(h, e);
        e.flush();
        return out.toByteArray();
    }

    /** One call, framed as Avro's NettyTransceiver frames it, in a reused array. */
    private final class Call {
        private static final int FRAME_HEAD = 12; // serial, buffer count, buffer length
        private byte[] bytes;
        private int length;

        Call(int capacity) {
            bytes = new byte[capacity];
        }

        void build(int serial, byte[] handshake, long first, int count) {
            int need = FRAME_HEAD + (handshake == null ? 0 : handshake.length) + 32
                    + count * (bodies.size() + 12);
            if (bytes.length < need) {
                bytes = new byte[need];
            }
            int p = FRAME_HEAD;
            if (handshake != null) {
                System.arraycopy(handshake, 0, bytes, p, handshake.length);
                p += handshake.length;
            }
            bytes[p++] = 0; // call metadata: empty map
            p = varLong(MESSAGE.length, p);
            System.arraycopy(MESSAGE, 0, bytes, p, MESSAGE.length);
            p += MESSAGE.length;
            p = varLong(count, p); // the events array: one block
            for (int k = 0; k < count; k++) {
                byte[] body = bodies.body(first + k, 0);
                bytes[p++] = 0; // headers: empty map
                p = varLong(body.length, p);
                System.arraycopy(body, 0, bytes, p, body.length);
                p += body.length;
            }
            bytes[p++] = 0; // end of the array
            putInt(0, serial);
            putInt(4, 1);
            putInt(8, p - FRAME_HEAD);
            length = p;
        }

        /** Avro's zig-zag varint. */
        private int varLong(long v, int p) {
            long z = (v << 1) ^ (v >> 63);
            while ((z & ~0x7FL) != 0) {
                bytes[p++] = (byte) ((z & 0x7F) | 0x80);
                z >>>= 7;
            }
            bytes[p++] = (byte) z;
            return p;
        }

        private void putInt(int at, int v) {
            bytes[at] = (byte) (v >>> 24);
            bytes[at + 1] = (byte) (v >>> 16);
            bytes[at + 2] = (byte) (v >>> 8);
            bytes[at + 3] = (byte) v;
        }
    }
}
