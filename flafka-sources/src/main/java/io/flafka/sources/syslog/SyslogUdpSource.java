package io.flafka.sources.syslog;

import io.flafka.api.ChannelException;
import io.flafka.api.ChannelProcessor;
import io.flafka.api.Event;
import io.flafka.api.EventDrivenSource;
import io.flafka.api.metrics.SourceCounter;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives syslog over UDP ({@code syslogudp}): one datagram is one message, cut at {@code eventSize}
 * (flagged incomplete). UDP carries no delivery guarantee: a message the channels refuse is counted,
 * logged and lost, as it would be on the network.
 *
 * <p>Threading: one receiver thread ({@code syslogudp-<name>}) calls the processor. {@link #stop()}
 * closes the socket, interrupts the thread (unblocking it in the processor) and joins it.
 */
public final class SyslogUdpSource implements EventDrivenSource {
    private static final Logger LOG = LoggerFactory.getLogger(SyslogUdpSource.class);
    /** Messages the channels refused, which UDP cannot ask the sender to resend. */
    public static final String DROPPED = "EventDroppedCount";

    /** The source's settings, as read from its keys. */
    record Settings(String host, int port, int eventSize, List<String> keepFields, String clientIpHeader,
                    String clientHostnameHeader, Charset charset) {
    }

    private final String name;
    private final Settings s;
    private final SourceCounter counter;
    private final SyslogParser parser;
    private volatile boolean running;
    private volatile DatagramSocket socket;
    private Thread thread;
    private volatile ChannelProcessor processor;

    SyslogUdpSource(String name, Settings settings, SourceCounter counter) {
        this.name = name;
        this.s = settings;
        this.counter = counter;
        this.parser = new SyslogParser(settings.keepFields(), java.time.Clock.systemDefaultZone());
    }

    /** The port listened on, or -1. */
    int port() {
        DatagramSocket d = socket;
        return d == null ? -1 : d.getLocalPort();
    }

    @Override
    public synchronized void start(ChannelProcessor channelProcessor) throws IOException {
        processor = channelProcessor;
        socket = new DatagramSocket(new InetSocketAddress(s.host(), s.port()));
        running = true;
        thread = new Thread(this::receive, "syslogudp-" + name);
        thread.setDaemon(true);
        thread.start();
        counter.markStarted();
        LOG.info("Syslog UDP source {} listening on {}:{}", name, s.host(), port());
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        running = false;
        socket.close();
        thread.interrupt();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        counter.markStopped();
    }

    private void receive() {
        byte[] buf = new byte[65_536];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        while (running) {
            try {
                packet.setLength(buf.length);
                socket.receive(packet);
            } catch (IOException e) {
                if (running) {
                    LOG.warn("Syslog UDP source {}: receive failed: {}", name, e.toString());
                }
                continue;
            }
            int len = packet.getLength();
            boolean cut = len > s.eventSize();
            byte[] data = Arrays.copyOfRange(buf, packet.getOffset(), packet.getOffset() + Math.min(len, s.eventSize()));
            int end = data.length;
            while (end > 0 && (data[end - 1] == '\n' || data[end - 1] == '\r')) {
                end--;
            }
            Event e = parser.parse(end == data.length ? data : Arrays.copyOf(data, end), s.charset(), cut);
            if (e.header(SyslogParser.STATUS) != null) {
                counter.increment(SourceCounter.EVENT_READ_FAIL);
                LOG.warn("Syslog UDP source {}: {} message from {} ({} bytes)", name, e.header(SyslogParser.STATUS),
                        packet.getAddress().getHostAddress(), len);
            }
            if (s.clientIpHeader() != null) {
                e.header(s.clientIpHeader(), packet.getAddress().getHostAddress());
            }
            if (s.clientHostnameHeader() != null) {
                e.header(s.clientHostnameHeader(), packet.getAddress().getCanonicalHostName());
            }
            counter.eventsReceived(1);
            try {
                processor.process(e);
            } catch (ChannelException ex) {
                counter.increment(DROPPED);
                LOG.warn("Syslog UDP source {}: channels refused a message; it is lost ({})", name, ex.getMessage());
            }
        }
    }
}
