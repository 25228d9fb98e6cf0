package io.flafka.bench.e2e;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.ConnectException;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * A load generator for request/response sources (HTTP, Avro): {@code clients} threads in the runner, each
 * with its own connection, send the n bodies in requests of {@code batch} events, the next free batch
 * each, and resend a request the source refused (a refused request was not committed, so nothing
 * duplicates). The client threads' CPU is measured so that the scenario can exclude it.
 */
abstract class BatchFeeder implements Runnable {
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final long GIVE_UP_NANOS = TimeUnit.SECONDS.toNanos(60);
    private static final int ANSWER_TIMEOUT_MS = 60_000;

    /** One client connection, used by one thread. */
    interface Sender extends AutoCloseable {
        /** Sends bodies {@code first .. first+count-1} in one request; false when the source refused them. */
        boolean send(long first, int count) throws Exception;

        @Override
        void close() throws Exception;
    }

    protected final long n;
    protected final int batch;
    protected final Bodies bodies;
    private final String name;
    private final int clients;
    private final AtomicLong next = new AtomicLong();
    private final LongAdder cpu = new LongAdder();
    private final LongAdder refused = new LongAdder();
    private final AtomicReference<Exception> failure = new AtomicReference<>();

    BatchFeeder(String name, int clients, long n, int batch, Bodies bodies) {
        this.name = name;
        this.clients = clients;
        this.n = n;
        this.batch = batch;
        this.bodies = bodies;
    }

    /** Client {@code i}'s sender; it connects on first use (a refused connection counts as a refusal). */
    protected abstract Sender open(int i) throws Exception;

    /** Why the source last refused a request, for the give-up message. */
    protected String lastRefusal() {
        return "channel full (503 or FAILED)";
    }

    /**
     * A client connection to 127.0.0.1:{@code port} (no Nagle delay; a source that never answers fails the run
     * after a minute), or null when the source does not listen (yet): a refusal, sent again.
     */
    protected static Socket connect(int port) throws IOException {
        Socket socket;
        try {
            socket = new Socket("127.0.0.1", port);
        } catch (ConnectException e) {
            return null;
        }
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(ANSWER_TIMEOUT_MS);
        return socket;
    }

    @Override
    public final void run() {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int id = i;
            Thread t = new Thread(() -> client(id), name + "-client-" + i);
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, e);
                return;
            }
        }
    }

    private void client(int id) {
        try (Sender s = open(id)) {
            long first;
            while ((first = next.getAndAdd(batch)) < n) {
                int count = (int) Math.min(batch, n - first);
                long since = System.nanoTime();
                while (!s.send(first, count)) {
                    refused.increment();
                    if (System.nanoTime() - since > GIVE_UP_NANOS) {
                        throw new IllegalStateException("source refused events " + first + ".. for 60 s: "
                                + lastRefusal());
                    }
                    Thread.sleep(5);
                }
            }
        } catch (Exception e) {
            failure.compareAndSet(null, e);
        } finally {
            cpu.add(THREADS.getCurrentThreadCpuTime());
        }
    }

    /** CPU time of the client threads, to subtract from the process's. */
    long cpuNanos() {
        return cpu.sum();
    }

    /** Requests the source refused (channel full) and that were sent again. */
    long refused() {
        return refused.sum();
    }

    Exception failure() {
        return failure.get();
    }
}
