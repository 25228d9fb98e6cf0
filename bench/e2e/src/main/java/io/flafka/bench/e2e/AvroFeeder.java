package io.flafka.bench.e2e;

import io.flafka.api.Event;
import io.flafka.api.EventDeliveryException;
import io.flafka.avro.rpc.AvroRpcClient;
import java.util.ArrayList;
import java.util.List;

/**
 * Sends the bodies to an Avro source in {@code appendBatch} calls of {@code batch} events, from
 * {@code clients} threads, each with its own connection (Flafka's {@link AvroRpcClient}, as the avro sink
 * uses it). A failed call (the source answered FAILED, or was not listening yet) is sent again. The
 * client library's helper threads ({@code avro-rpc-bench-*} callers, Avro's {@code avro N} Netty I/O
 * threads) count as client CPU.
 */
final class AvroFeeder extends BatchFeeder {
    private final int port;
    private volatile EventDeliveryException lastRefusal;

    AvroFeeder(int port, int clients, long n, int batch, Bodies bodies) {
        super("avro", clients, n, batch, bodies);
        this.port = port;
    }

    @Override
    protected Sender open(int i) throws Exception {
        AvroRpcClient client = new AvroRpcClient("bench-" + i,
                new AvroRpcClient.Settings("127.0.0.1", port, 5_000, 30_000, false, 6, null));
        List<Event> events = new ArrayList<>(batch);
        return new Sender() {
            @Override
            public boolean send(long first, int count) {
                events.clear();
                for (int k = 0; k < count; k++) {
                    events.add(Event.of(bodies.body(first + k, 0)));
                }
                try {
                    client.appendBatch(events);
                    return true;
                } catch (EventDeliveryException e) {
                    lastRefusal = e; // FAILED (channel full) or not listening yet: sent again
                    return false;
                }
            }

            @Override
            public void close() {
                client.close();
            }
        };
    }

    @Override
    protected String lastRefusal() {
        EventDeliveryException e = lastRefusal;
        return e == null ? super.lastRefusal() : e.getMessage();
    }

    @Override
    protected long helperCpuNanos() {
        return cpuOfThreads("avro-rpc-bench-", "avro ");
    }
}
