package io.flafka.dist;

import io.flafka.api.metrics.ChannelCounter;
import io.flafka.api.metrics.CounterGroup;
import io.flafka.api.metrics.SinkCounter;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.core.metrics.CounterRegistry;
import java.io.PrintStream;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * The one-line status an interactive agent prints every few seconds: events per second in (sources'
 * {@code EventAcceptedCount}) and out (sinks' {@code EventDrainSuccessCount}) since the previous line,
 * the totals, and each channel's fill percentage. Printed from its own daemon thread;
 * {@link #close()} stops it.
 */
final class StatusLine implements AutoCloseable {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("HH:mm:ss");

    private final CounterRegistry counters;
    private final PrintStream out;
    private final LongSupplier nanoClock;
    private long lastNanos;
    private long lastIn;
    private long lastOut;
    private ScheduledExecutorService timer;

    StatusLine(CounterRegistry counters, PrintStream out, LongSupplier nanoClock) {
        this.counters = counters;
        this.out = out;
        this.nanoClock = nanoClock;
        this.lastNanos = nanoClock.getAsLong();
        this.lastIn = total("SOURCE", SourceCounter.EVENT_ACCEPTED);
        this.lastOut = total("SINK", SinkCounter.DRAIN_SUCCESS);
    }

    StatusLine(CounterRegistry counters, PrintStream out) {
        this(counters, out, System::nanoTime);
    }

    /** Prints a line every {@code intervalMs} from a daemon thread. */
    synchronized StatusLine start(long intervalMs) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flafka-status");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> {
            out.println(line());
            out.flush();
        }, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        return this;
    }

    /** The time of day and the status since the previous line. */
    String line() {
        return LocalTime.now().format(TIME) + "  " + tick();
    }

    /** The status since the previous call, without the time of day. */
    synchronized String tick() {
        long now = nanoClock.getAsLong();
        long in = total("SOURCE", SourceCounter.EVENT_ACCEPTED);
        long outCount = total("SINK", SinkCounter.DRAIN_SUCCESS);
        double seconds = Math.max(1e-9, (now - lastNanos) / 1e9);
        // a removed component takes its count away; never show a negative rate
        double inRate = Math.max(0, in - lastIn) / seconds;
        double outRate = Math.max(0, outCount - lastOut) / seconds;
        lastNanos = now;
        lastIn = in;
        lastOut = outCount;
        StringBuilder sb = new StringBuilder(96);
        sb.append(String.format(Locale.ROOT, "in %,.0f ev/s  out %,.0f ev/s  (total in %,d  out %,d)",
                inRate, outRate, in, outCount));
        for (Map.Entry<String, CounterGroup> e : counters.all().entrySet()) {
            if (e.getValue() instanceof ChannelCounter ch) {
                sb.append(String.format(Locale.ROOT, "  %s %.1f%%", ch.name(), ch.fillPercentage()));
            }
        }
        return sb.toString();
    }

    private long total(String type, String counter) {
        long sum = 0;
        for (CounterGroup g : counters.all().values()) {
            if (type.equals(g.type())) {
                sum += g.get(counter);
            }
        }
        return sum;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
