package io.flafka.avro.rpc;

import io.flafka.api.Event;
import io.flafka.api.EventDeliveryException;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.compression.JdkZlibDecoder;
import io.netty.handler.codec.compression.JdkZlibEncoder;
import io.netty.handler.codec.compression.ZlibWrapper;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.avro.AvroRemoteException;
import org.apache.avro.ipc.netty.NettyTransceiver;

/**
 * One connection to an avro source (Flume's or Flafka's), speaking {@link FlumeProtocol}: connects with
 * a timeout, sends {@code appendBatch} and waits for the answer with a timeout, optionally over TLS
 * and/or zlib. {@link #appendBatch(List)} returns only when the server answered {@code OK}; a
 * {@code FAILED} answer, an error, a timeout or a lost connection throws {@link EventDeliveryException}
 * (transport failures also disconnect, so the next call reconnects).
 *
 * <p>Avro's synchronous calls can wait forever (its handshake has no timeout), so connects and calls
 * run on one private thread ({@code avro-rpc-<name>}) while the caller waits with a timeout; on a
 * timeout the connection is closed, which fails the stuck call. Threading: one caller at a time
 * (a sink's runner); {@link #close()} may be called from another thread and unblocks a waiting caller.
 */
public final class AvroRpcClient implements AutoCloseable {

    /**
     * @param tls null for plain TCP
     * @param compressionLevel zlib level 0-9, used when {@code deflate}
     */
    public record Settings(String host, int port, long connectTimeoutMs, long requestTimeoutMs, boolean deflate,
                           int compressionLevel, TlsSettings tls) {
        public String address() {
            return host + ":" + port;
        }
    }

    private final Settings settings;
    private final SslContext ssl;
    private final ExecutorService caller;
    private volatile Connection connection;
    private volatile Future<?> inFlight;
    private volatile boolean closed;

    /**
     * One open connection. {@code lost} is set by the I/O thread when the server closes it (Avro's
     * transceiver would otherwise try to reconnect on its own, inside the next call); it is per
     * connection, so the late close of an old one cannot mark a new one.
     */
    private record Connection(NettyTransceiver transceiver, EventRequestor requestor, AtomicBoolean lost) {
    }

    private record Opened(NettyTransceiver transceiver, AtomicBoolean lost) {
    }

    /** Builds the client (no connection yet); TLS misconfiguration fails here. */
    public AvroRpcClient(String name, Settings settings) throws Exception {
        this.settings = settings;
        this.ssl = settings.tls() == null ? null : settings.tls().clientContext();
        this.caller = Executors.newSingleThreadExecutor(new DefaultThreadFactory("avro-rpc-" + name, true));
    }

    public Settings settings() {
        return settings;
    }

    public boolean isConnected() {
        Connection c = connection;
        return c != null && !c.lost().get();
    }

    /**
     * Connects unless connected; throws when the server cannot be reached within the connect timeout.
     *
     * @return true when a new connection was made
     */
    public boolean connect() throws EventDeliveryException {
        Connection current = connection;
        if (current != null && current.lost().get()) {
            disconnect(); // start afresh rather than reuse a connection the server dropped
            current = null;
        }
        if (current != null) {
            return false;
        }
        Opened opened = call(this::open, settings.connectTimeoutMs() + 1000, "connect to");
        NettyTransceiver t = opened.transceiver();
        try {
            connection = new Connection(t, new EventRequestor(t), opened.lost());
        } catch (IOException e) {
            t.close(false);
            throw new EventDeliveryException("cannot set up Avro RPC to " + settings.address() + ": " + e, e);
        }
        if (closed) {
            disconnect();
            throw new EventDeliveryException("client for " + settings.address() + " is closed");
        }
        return true;
    }

    private Opened open() throws IOException {
        AtomicBoolean lost = new AtomicBoolean();
        NettyTransceiver t = new NettyTransceiver(new InetSocketAddress(settings.host(), settings.port()),
                (int) Math.min(Integer.MAX_VALUE, settings.connectTimeoutMs()), ch -> initChannel(ch, lost));
        if (Thread.currentThread().isInterrupted() || closed) {
            t.close(false); // the caller gave up waiting; do not leak the connection
            throw new IOException("connect abandoned");
        }
        return new Opened(t, lost);
    }

    private void initChannel(SocketChannel ch, AtomicBoolean lost) {
        ChannelPipeline p = ch.pipeline();
        p.addLast("lost", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelInactive(ChannelHandlerContext ctx) throws Exception {
                lost.set(true);
                super.channelInactive(ctx);
            }
        });
        if (ssl != null) {
            p.addLast("ssl", ssl.newHandler(ch.alloc(), settings.host(), settings.port()));
        }
        if (settings.deflate()) {
            p.addLast("deflater", new JdkZlibEncoder(ZlibWrapper.ZLIB, settings.compressionLevel()));
            p.addLast("inflater", new JdkZlibDecoder(ZlibWrapper.ZLIB));
        }
    }

    /**
     * Sends the events in one {@code appendBatch}, connecting first if needed, and returns once the
     * server answered {@code OK}. The list is not used after this returns or throws.
     */
    public void appendBatch(List<Event> events) throws EventDeliveryException {
        connect();
        Connection c = connection;
        if (c == null) {
            throw new EventDeliveryException("client for " + settings.address() + " was closed");
        }
        EventRequestor r = c.requestor();
        List<Event> copy = List.copyOf(events); // the caller may reuse its list if we time out
        Object status = call(() -> r.request(FlumeProtocol.APPEND_BATCH, copy), settings.requestTimeoutMs(),
                "send " + copy.size() + " events to");
        if (!FlumeProtocol.isOk(status)) {
            throw new EventDeliveryException("avro source at " + settings.address() + " answered " + status
                    + " for " + copy.size() + " events (e.g. its channel is full)");
        }
    }

    private <T> T call(Callable<T> task, long timeoutMs, String what) throws EventDeliveryException {
        if (closed) {
            throw new EventDeliveryException("client for " + settings.address() + " is closed");
        }
        Future<T> f;
        try {
            f = caller.submit(task);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new EventDeliveryException("client for " + settings.address() + " is closed", e);
        }
        inFlight = f;
        try {
            return f.get(timeoutMs, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            f.cancel(true);
            disconnect();
            throw new EventDeliveryException("timed out after " + timeoutMs + " ms trying to " + what + " "
                    + settings.address(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (!(cause instanceof AvroRemoteException)) {
                disconnect(); // transport trouble: start afresh next time
            }
            throw new EventDeliveryException("failed to " + what + " " + settings.address() + ": " + cause, cause);
        } catch (CancellationException e) {
            disconnect();
            throw new EventDeliveryException("cancelled while trying to " + what + " " + settings.address(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            f.cancel(true);
            disconnect();
            throw new EventDeliveryException("interrupted while trying to " + what + " " + settings.address(), e);
        } finally {
            inFlight = null;
        }
    }

    /** Closes the connection (if any); the next call reconnects. */
    public void disconnect() {
        Connection c = connection;
        connection = null;
        if (c != null) {
            c.transceiver().close(false);
        }
    }

    /** Disconnects, fails a waiting call at once, and stops the private thread. */
    @Override
    public void close() {
        closed = true;
        Future<?> f = inFlight;
        if (f != null) {
            f.cancel(true);
        }
        disconnect();
        caller.shutdownNow();
    }
}
