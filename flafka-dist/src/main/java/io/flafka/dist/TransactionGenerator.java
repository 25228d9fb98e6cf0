package io.flafka.dist;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quickstart's traffic: card-transaction lines {@code uuid|card|yyyy-MM-dd HH:mm:ss|amount|store}
 * written to a netcat source on 127.0.0.1, about {@code ratePerSecond} a second, from its own daemon
 * thread. {@link #close()} stops the thread and closes the connection; a lost connection is retried.
 */
final class TransactionGenerator implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionGenerator.class);
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);
    private static final String[] STORES = {"store-001", "store-017", "store-042", "store-108", "store-256"};

    private final int port;
    private final int ratePerSecond;
    private final AtomicLong sent = new AtomicLong();
    private final SplittableRandom random = new SplittableRandom();
    private final String[] cards = new String[50];
    private volatile boolean running = true;
    private volatile Socket socket;
    private Thread thread;

    TransactionGenerator(int port, int ratePerSecond) {
        this.port = port;
        this.ratePerSecond = Math.max(1, ratePerSecond);
        for (int i = 0; i < cards.length; i++) {
            cards[i] = String.format(Locale.ROOT, "4%015d", random.nextLong(1_000_000_000_000_000L));
        }
    }

    TransactionGenerator start() {
        thread = new Thread(this::run, "quickstart-generator");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    /** Lines written so far. */
    long sent() {
        return sent.get();
    }

    /** One line, without the newline. */
    String line() {
        long cents = random.nextLong(50, 250_000);
        return UUID.randomUUID() + "|" + cards[random.nextInt(cards.length)] + "|" + LocalDateTime.now().format(TIME)
                + "|" + (cents / 100) + "." + String.format(Locale.ROOT, "%02d", cents % 100)
                + "|" + STORES[random.nextInt(STORES.length)];
    }

    private void run() {
        // ten small bursts a second: a steady flow without a timer per line
        int perTick = Math.max(1, ratePerSecond / 10);
        while (running) {
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
                socket = s;
                OutputStream out = s.getOutputStream();
                StringBuilder burst = new StringBuilder(perTick * 96);
                while (running) {
                    burst.setLength(0);
                    for (int i = 0; i < perTick; i++) {
                        burst.append(line()).append('\n');
                    }
                    out.write(burst.toString().getBytes(StandardCharsets.UTF_8));
                    out.flush();
                    sent.addAndGet(perTick);
                    Thread.sleep(100);
                }
            } catch (IOException e) {
                if (running) {
                    LOG.debug("generator: connection to 127.0.0.1:{} failed ({}); retrying", port, e.toString());
                    pause();
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(500);
        } catch (InterruptedException e) {
            running = false;
        }
    }

    @Override
    public void close() {
        running = false;
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
        if (thread != null) {
            thread.interrupt();
            try {
                thread.join(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
