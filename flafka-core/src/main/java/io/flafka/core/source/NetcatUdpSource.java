package io.flafka.core.source;

import io.flafka.api.ChannelException;
import io.flafka.api.ChannelProcessor;
import io.flafka.api.Event;
import io.flafka.api.EventDrivenSource;
import io.flafka.api.FlafkaException;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import io.flafka.api.metrics.SourceCounter;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Receives UDP datagrams and turns each line of a datagram into an event (Flume's {@code netcatudp});
 * a datagram's lines go to the channels in batches of at most {@code batchSize}. With {@code remoteAddressHeader} set, each
 * event carries the sender's IP address in that header.
 *
 * <p>UDP has no acknowledgement: a batch the channels refuse is lost. It is counted (by the runtime's
 * {@code ChannelWriteFail}) and logged at WARN, never dropped silently.
 *
 * <p>Threading: one receiver thread ({@code netcatudp-<name>}) calls the processor. {@code stop()}
 * closes the socket, interrupts the thread if it waits in the processor, and joins it.
 */
public final class NetcatUdpSource implements EventDrivenSource {
    private static final Logger LOG = LoggerFactory.getLogger(NetcatUdpSource.class);
    private static final int MAX_DATAGRAM = 65_535;
    private static final long JOIN_MILLIS = 10_000;

    public static final ConfigKey<String> BIND = ConfigKey.stringKey("bind").required()
            .validator(Validators.nonBlank()).doc("Host name or IP address to listen on.").build();
    public static final ConfigKey<Integer> PORT = ConfigKey.intKey("port").required()
            .validator(Validators.between(0, 65535)).doc("UDP port to listen on (0 picks a free port).").build();
    public static final ConfigKey<String> REMOTE_ADDRESS_HEADER = ConfigKey.stringKey("remoteAddressHeader")
            .doc("Header receiving the sender's IP address; unset adds no header.").build();
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.intKey("batchSize").defaultValue(1)
            .validator(Validators.atLeast(1))
            .doc("Flafka addition: most lines of one datagram committed in one transaction. 1 (the default) suits "
                    + "any channel; keep it within the channel's transactionCapacity.").build();
    public static final ConfigDef CONFIG_DEF = ConfigDef.builder().key(BIND).key(PORT).key(REMOTE_ADDRESS_HEADER)
            .key(BATCH_SIZE).batchSizeKey(BATCH_SIZE.name()).build();

    private final String name;
    private final String bind;
    private final int port;
    private final String remoteAddressHeader;
    private final int batchSize;
    private final SourceCounter counter;
    private final Object lifecycle = new Object();
    private volatile boolean running;
    private DatagramSocket socket;
    private Thread receiver;

    public NetcatUdpSource(String name, String bind, int port, String remoteAddressHeader, int batchSize,
                           SourceCounter counter) {
        this.batchSize = batchSize;
        this.name = name;
        this.bind = bind;
        this.port = port;
        this.remoteAddressHeader = remoteAddressHeader == null || remoteAddressHeader.isBlank()
                ? null : remoteAddressHeader.trim();
        this.counter = counter;
    }

    @Override
    public void start(ChannelProcessor processor) {
        synchronized (lifecycle) {
            if (running) {
                return;
            }
            try {
                socket = new DatagramSocket(new InetSocketAddress(bind, port));
            } catch (IOException e) {
                throw new FlafkaException("netcatudp source " + name + " cannot listen on " + bind + ":" + port
                        + ": " + e.getMessage(), e);
            }
            running = true;
            DatagramSocket s = socket;
            receiver = new Thread(() -> receiveLoop(s, processor), "netcatudp-" + name);
            receiver.setDaemon(true);
            receiver.start();
            counter.markStarted();
            LOG.info("Netcat UDP source {} listening on {}", name, s.getLocalSocketAddress());
        }
    }

    /** The port listened on (useful with port 0), or -1 when not started. */
    public int localPort() {
        DatagramSocket s = socket;
        return s == null ? -1 : s.getLocalPort();
    }

    private void receiveLoop(DatagramSocket s, ChannelProcessor processor) {
        byte[] buf = new byte[MAX_DATAGRAM];
        DatagramPacket packet = new DatagramPacket(buf, buf.length);
        List<Event> lines = new ArrayList<>();
        List<Event> batch = new ArrayList<>();
        while (running) {
            try {
                packet.setLength(buf.length);
                s.receive(packet);
            } catch (IOException e) {
                if (running) {
                    LOG.warn("Netcat UDP source {}: receive failed: {}", name, e.toString());
                    if (NetcatSource.pauseAfterFailure()) {
                        continue;
                    }
                }
                return;
            }
            String sender = remoteAddressHeader == null ? null : packet.getAddress().getHostAddress();
            split(buf, packet.getLength(), sender, lines);
            for (int from = 0; from < lines.size(); from += batchSize) {
                batch.addAll(lines.subList(from, Math.min(lines.size(), from + batchSize)));
                deliver(processor, batch, packet);
            }
            lines.clear();
        }
    }

    private void deliver(ChannelProcessor processor, List<Event> batch, DatagramPacket packet) {
        int n = batch.size();
        counter.eventsReceived(n);
        try {
            processor.processBatch(batch);
        } catch (ChannelException e) {
            LOG.warn("Netcat UDP source {}: lost {} events from {}: the channels refused them: {}", name, n,
                    packet.getSocketAddress(), e.toString());
        } catch (RuntimeException e) {
            counter.increment(SourceCounter.GENERIC_PROCESSING_FAIL);
            LOG.warn("Netcat UDP source {}: lost {} events from {}", name, n, packet.getSocketAddress(), e);
        } finally {
            batch.clear();
        }
    }

    /** One event per line of the datagram; the final newline is optional. */
    private void split(byte[] data, int length, String sender, List<Event> into) {
        int start = 0;
        for (int i = 0; i <= length; i++) {
            boolean end = i == length;
            if (end ? i > start : data[i] == '\n') {
                Event e = Event.of(Arrays.copyOfRange(data, start, i));
                if (sender != null) {
                    e.header(remoteAddressHeader, sender);
                }
                into.add(e);
                start = i + 1;
            }
        }
    }

    @Override
    public void stop() {
        synchronized (lifecycle) {
            if (!running) {
                return;
            }
            running = false;
            socket.close();
            receiver.interrupt();
            try {
                receiver.join(JOIN_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            if (receiver.isAlive()) {
                LOG.warn("Netcat UDP source {}: receiver thread still busy after {} ms", name, JOIN_MILLIS);
            }
            counter.markStopped();
            LOG.info("Netcat UDP source {} stopped", name);
        }
    }
}
