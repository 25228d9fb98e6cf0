package io.flafka.bench.e2e;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;

/** Writes n bodies as lines to a netcat source on 127.0.0.1 (no acks read: ack-every-event=false). */
final class NetcatClient implements Runnable {
    private final int port;
    private final long n;
    private final Bodies bodies;
    private volatile long cpuNanos;
    private volatile Exception failure;

    NetcatClient(int port, long n, Bodies bodies) {
        this.port = port;
        this.n = n;
        this.bodies = bodies;
    }

    @Override
    public void run() {
        try (Socket s = connect()) {
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 1 << 16);
            for (long i = 0; i < n; i++) {
                out.write(bodies.body(i, 0));
                out.write('\n');
            }
            out.flush();
            s.shutdownOutput();
            // keep the connection until the source has read everything (it closes on EOF)
            s.getInputStream().transferTo(OutputStream.nullOutputStream());
        } catch (Exception e) {
            failure = e;
        } finally {
            cpuNanos = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        }
    }

    private Socket connect() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (true) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
                return s;
            } catch (ConnectException e) {
                s.close();
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(10);
            }
        }
    }

    /** CPU time of the client thread, to subtract from the process's. */
    long cpuNanos() {
        return cpuNanos;
    }

    Exception failure() {
        return failure;
    }
}
