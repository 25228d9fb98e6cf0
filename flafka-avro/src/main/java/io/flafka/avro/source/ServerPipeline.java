package io.flafka.avro.source;

import io.flafka.api.metrics.SourceCounter;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.compression.JdkZlibDecoder;
import io.netty.handler.codec.compression.JdkZlibEncoder;
import io.netty.handler.codec.compression.ZlibWrapper;
import io.netty.handler.ipfilter.AbstractRemoteAddressFilter;
import io.netty.handler.ssl.SslContext;
import java.net.InetSocketAddress;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts the avro source's own handlers in front of Avro's framing on every accepted connection, in
 * Flume's order from the socket inwards: IP filter, TLS, inflater/deflater (zlib, level 6), then a
 * connection counter ({@code OpenConnectionCount}). Runs on the server's I/O threads; immutable.
 */
final class ServerPipeline implements Consumer<SocketChannel> {
    private static final Logger LOG = LoggerFactory.getLogger(ServerPipeline.class);
    /** The level Flume's avro source compresses its replies with. */
    static final int DEFLATE_LEVEL = 6;

    private final String sourceName;
    private final IpFilterRules ipFilter;
    private final SslContext ssl;
    private final boolean deflate;
    private final SourceCounter counter;

    /**
     * @param ipFilter rules, or null for no filtering
     * @param ssl the TLS context, or null for plain TCP
     */
    ServerPipeline(String sourceName, IpFilterRules ipFilter, SslContext ssl, boolean deflate, SourceCounter counter) {
        this.sourceName = sourceName;
        this.ipFilter = ipFilter;
        this.ssl = ssl;
        this.deflate = deflate;
        this.counter = counter;
    }

    @Override
    public void accept(SocketChannel ch) {
        ChannelPipeline p = ch.pipeline();
        if (ipFilter != null) {
            p.addLast("ipFilter", new Filter());
        }
        if (ssl != null) {
            p.addLast("ssl", ssl.newHandler(ch.alloc()));
        }
        if (deflate) {
            p.addLast("inflater", new JdkZlibDecoder(ZlibWrapper.ZLIB));
            p.addLast("deflater", new JdkZlibEncoder(ZlibWrapper.ZLIB, DEFLATE_LEVEL));
        }
        p.addLast("connections", new ConnectionCounter());
    }

    /** Closes connections the rules refuse. */
    private final class Filter extends AbstractRemoteAddressFilter<InetSocketAddress> {
        @Override
        protected boolean accept(ChannelHandlerContext ctx, InetSocketAddress remote) {
            return ipFilter.allows(remote);
        }

        @Override
        protected io.netty.channel.ChannelFuture channelRejected(ChannelHandlerContext ctx, InetSocketAddress remote) {
            LOG.info("Avro source {}: refused connection from {} (ipFilterRules)", sourceName, remote);
            return null;
        }
    }

    /** Keeps {@code OpenConnectionCount}. */
    private final class ConnectionCounter extends ChannelInboundHandlerAdapter {
        @Override
        public void channelActive(ChannelHandlerContext ctx) throws Exception {
            counter.gauge(SourceCounter.OPEN_CONNECTIONS).incrementAndGet();
            super.channelActive(ctx);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            counter.gauge(SourceCounter.OPEN_CONNECTIONS).decrementAndGet();
            super.channelInactive(ctx);
        }
    }
}
