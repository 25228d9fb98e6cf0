package io.flafka.sources.syslog;

import io.flafka.api.ChannelException;
import io.flafka.api.ChannelProcessor;
import io.flafka.api.Event;
import io.flafka.api.EventDrivenSource;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.sources.support.TlsSettings;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives syslog over TCP on one port ({@code syslogtcp}) or several ({@code multiport_syslogtcp}),
 * optionally with TLS; frames are octet-counted or newline-ended (see {@link SyslogFrameReader}).
 * Messages already received on a connection are grouped into batches of up to {@code batchSize}.
 *
 * <p>Delivery: syslog has no acknowledgement, so what the sender wrote before the agent stopped may be
 * lost; but within a running agent nothing is: a batch the channels refuse is retried with backoff
 * (the connection is not read meanwhile, so TCP pushes back on the sender).
 *
 * <p>Threading: an acceptor thread per port ({@code syslog-<name>-accept-<port>}) and a thread per
 * connection ({@code syslog-<name>-<port>-<n>}), which calls the processor. {@link #stop()} closes the
 * listeners and connections, interrupts connection threads (unblocking one waiting in the processor)
 * and joins them.
 */
public final class SyslogTcpSource implements EventDrivenSource {
    private static final Logger LOG = LoggerFactory.getLogger(SyslogTcpSource.class);
    private static final long JOIN_MILLIS = 10_000;

    /** One listening port and the charset of its messages. */
    record PortSpec(int port, Charset charset) {
    }

    /** The source's settings, as read from its keys. */
    record Settings(String host, List<PortSpec> ports, int eventSize, List<String> keepFields, String clientIpHeader,
                    String clientHostnameHeader, String portHeader, int batchSize, int readBufferSize,
                    TlsSettings tls) {
    }

    private final String name;
    private final Settings s;
    private final SourceCounter counter;
    private final SyslogParser parser;
    private final List<ServerSocket> servers = new ArrayList<>();
    private final List<Thread> acceptors = new ArrayList<>();
    private final Set<Socket> connections = ConcurrentHashMap.newKeySet();
    private final Set<Thread> workers = ConcurrentHashMap.newKeySet();
    private volatile boolean running;
    private volatile ChannelProcessor processor;

    SyslogTcpSource(String name, Settings settings, SourceCounter counter) {
        this.name = name;
        this.s = settings;
        this.counter = counter;
        this.parser = new SyslogParser(settings.keepFields(), java.time.Clock.systemDefaultZone());
    }

    /** The ports actually listened on, in configuration order (useful with port 0). */
    synchronized List<Integer> ports() {
        return servers.stream().map(ServerSocket::getLocalPort).toList();
    }

    @Override
    public synchronized void start(ChannelProcessor channelProcessor) throws Exception {
        processor = channelProcessor;
        running = true;
        SSLContext ctx = s.tls() == null ? null : s.tls().context();
        try {
            for (PortSpec p : s.ports()) {
                ServerSocket ss;
                if (ctx != null) {
                    SSLServerSocket tls = (SSLServerSocket) ctx.getServerSocketFactory().createServerSocket();
                    s.tls().configure(ctx, tls);
                    ss = tls;
                } else {
                    ss = new ServerSocket();
                }
                ss.setReuseAddress(true);
                ss.bind(new InetSocketAddress(s.host(), p.port()), 128);
                servers.add(ss);
                int configured = p.port();
                Thread t = new Thread(() -> accept(ss, p), "syslog-" + name + "-accept-" + configured);
                t.setDaemon(true);
                acceptors.add(t);
            }
        } catch (IOException e) {
            stop();
            throw e;
        }
        acceptors.forEach(Thread::start);
        counter.markStarted();
        LOG.info("Syslog TCP source {} listening on {}:{}{}", name, s.host(), ports(), ctx != null ? " (TLS)" : "");
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        for (ServerSocket ss : servers) {
            closeQuietly(ss);
        }
        for (Socket c : connections) {
            closeQuietly(c);
        }
        List<Thread> all = new ArrayList<>(acceptors);
        all.addAll(workers);
        all.forEach(Thread::interrupt);
        for (Thread t : all) {
            try {
                t.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        servers.clear();
        acceptors.clear();
        counter.markStopped();
    }

    private void accept(ServerSocket ss, PortSpec spec) {
        int n = 0;
        while (running) {
            Socket c;
            try {
                c = ss.accept();
            } catch (IOException e) {
                if (running) {
                    LOG.warn("Syslog TCP source {}: accept failed: {}", name, e.toString());
                }
                continue;
            }
            if (!running) {
                closeQuietly(c);
                return;
            }
            connections.add(c);
            Thread t = new Thread(() -> serve(c, ss.getLocalPort(), spec.charset()),
                    "syslog-" + name + "-" + ss.getLocalPort() + "-" + (++n));
            t.setDaemon(true);
            workers.add(t);
            t.start();
        }
    }

    private void serve(Socket c, int port, Charset charset) {
        counter.gauge(SourceCounter.OPEN_CONNECTIONS).incrementAndGet();
        try (c) {
            InetAddress peer = c.getInetAddress();
            String ip = peer.getHostAddress();
            String hostname = s.clientHostnameHeader() == null ? null : peer.getCanonicalHostName();
            String portValue = Integer.toString(port);
            SyslogFrameReader reader = new SyslogFrameReader(new BufferedInputStream(c.getInputStream(),
                    s.readBufferSize()), s.eventSize());
            List<Event> batch = new ArrayList<>(s.batchSize());
            SyslogFrameReader.Frame f;
            while (running && (f = reader.next()) != null) {
                Event e = parser.parse(f.data(), charset, f.incomplete());
                if (e.header(SyslogParser.STATUS) != null) {
                    counter.increment(SourceCounter.EVENT_READ_FAIL);
                    LOG.warn("Syslog TCP source {}: {} message from {} ({} bytes)", name, e.header(SyslogParser.STATUS),
                            ip, f.data().length);
                }
                if (s.clientIpHeader() != null) {
                    e.header(s.clientIpHeader(), ip);
                }
                if (hostname != null) {
                    e.header(s.clientHostnameHeader(), hostname);
                }
                if (s.portHeader() != null) {
                    e.header(s.portHeader(), portValue);
                }
                batch.add(e);
                if (batch.size() >= s.batchSize() || !reader.hasBuffered()) {
                    deliver(batch);
                    batch.clear();
                }
            }
            if (!batch.isEmpty()) {
                deliver(batch);
            }
        } catch (IOException e) {
            if (running) {
                LOG.debug("Syslog TCP source {}: connection ended: {}", name, e.toString());
            }
        } catch (InterruptedException e) {
            LOG.warn("Syslog TCP source {} stopped with a batch not delivered", name);
        } finally {
            connections.remove(c);
            workers.remove(Thread.currentThread());
            counter.gauge(SourceCounter.OPEN_CONNECTIONS).decrementAndGet();
        }
    }

    /** Delivers a batch, retrying refusals with backoff while running. */
    private void deliver(List<Event> batch) throws InterruptedException {
        counter.eventsReceived(batch.size());
        long backoff = 50;
        while (running) {
            List<Event> attempt = new ArrayList<>(batch.size());
            for (Event e : batch) {
                attempt.add(e.copy());
            }
            try {
                processor.processBatch(attempt);
                return;
            } catch (ChannelException e) {
                if (!running) {
                    break;
                }
                LOG.warn("Syslog TCP source {}: channels refused a batch of {} ({}); retrying in {} ms", name,
                        batch.size(), e.getMessage(), backoff);
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
        throw new InterruptedException("stopped");
    }

    private static void closeQuietly(java.io.Closeable c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // closing to unblock
        }
    }
}
