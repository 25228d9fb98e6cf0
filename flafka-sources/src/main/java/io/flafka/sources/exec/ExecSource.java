package io.flafka.sources.exec;

import io.flafka.api.ChannelException;
import io.flafka.api.ChannelProcessor;
import io.flafka.api.Event;
import io.flafka.api.EventDrivenSource;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.sources.support.CharsetValidator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a command and turns each line of its standard output into an event (Flume's {@code exec}).
 *
 * <p><b>No delivery guarantee</b>, as in Flume: the command cannot be told which lines were committed,
 * so lines it printed are lost when the agent stops or crashes before they were committed, or when
 * the command is restarted. Within a running agent Flafka loses nothing more: a batch the channels
 * refuse is retried (with backoff) until accepted, and the command is held back by its full pipe
 * meanwhile. Use {@code TAILDIR} or {@code spooldir} when loss matters.
 *
 * <p>Threading: {@code exec-<name>-stdout} starts the command (and restarts it with
 * {@code restart=true}) and queues its lines; {@code exec-<name>-deliver} groups them into batches of
 * {@code batchSize} or whatever arrived within {@code batchTimeout} and calls the processor;
 * {@code exec-<name>-stderr} drains standard error. {@link #stop()} kills the command's whole process
 * tree, interrupts the threads (unblocking one waiting in the processor) and joins them.
 */
public final class ExecSource implements EventDrivenSource {
    private static final Logger LOG = LoggerFactory.getLogger(ExecSource.class);
    private static final long JOIN_MILLIS = 10_000;

    public static final ConfigKey<String> COMMAND = ConfigKey.stringKey("command").required()
            .validator(Validators.nonBlank()).doc("The command to run; without 'shell' it is split on whitespace.")
            .build();
    public static final ConfigKey<String> SHELL = ConfigKey.stringKey("shell")
            .doc("A shell to run the command with, e.g. '/bin/sh -c' (needed for pipes, wildcards, variables).")
            .build();
    public static final ConfigKey<Boolean> RESTART = ConfigKey.booleanKey("restart").defaultValue(false)
            .doc("Run the command again when it ends.").build();
    public static final ConfigKey<Long> RESTART_THROTTLE = ConfigKey.longKey("restartThrottle").defaultValue(10_000L)
            .validator(Validators.atLeast(0)).doc("Milliseconds to wait before restarting the command.").build();
    public static final ConfigKey<Boolean> LOG_STDERR = ConfigKey.booleanKey("logStdErr").defaultValue(false)
            .doc("Log the command's standard error at WARN (it is drained either way).").build();
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.intKey("batchSize").defaultValue(20)
            .validator(Validators.atLeast(1)).doc("Most lines per channel transaction.").build();
    public static final ConfigKey<Long> BATCH_TIMEOUT = ConfigKey.longKey("batchTimeout").defaultValue(3_000L)
            .validator(Validators.atLeast(1))
            .doc("Milliseconds a partial batch waits for more lines before it is delivered.").build();
    public static final ConfigKey<String> CHARSET = ConfigKey.stringKey("charset").defaultValue("UTF-8")
            .validator(CharsetValidator.INSTANCE).doc("Character set of the command's output; bodies keep it.")
            .build();
    public static final ConfigDef CONFIG_DEF = ConfigDef.builder()
            .keys(COMMAND, SHELL, RESTART, RESTART_THROTTLE, LOG_STDERR, BATCH_SIZE, BATCH_TIMEOUT, CHARSET)
            .batchSizeKey(BATCH_SIZE.name()).build();

    /** The source's settings, as read from its keys. */
    public record Settings(String command, String shell, boolean restart, long restartThrottleMillis,
                           boolean logStdErr, int batchSize, long batchTimeoutMillis, Charset charset) {
    }

    private final String name;
    private final Settings s;
    private final SourceCounter counter;
    private final BlockingQueue<String> lines;
    private final Object processLock = new Object();
    private volatile boolean running;
    private volatile Process process;
    private volatile ChannelProcessor processor;
    private Thread stdoutThread;
    private Thread deliverThread;

    public ExecSource(String name, Settings settings, SourceCounter counter) {
        this.name = name;
        this.s = settings;
        this.counter = counter;
        this.lines = new ArrayBlockingQueue<>(Math.max(2 * settings.batchSize(), 16));
    }

    /** The running command, or null (for tests). */
    Process process() {
        return process;
    }

    /** The command line handed to the operating system. */
    List<String> commandLine() {
        List<String> cmd = new ArrayList<>();
        if (s.shell() != null && !s.shell().isBlank()) {
            cmd.addAll(List.of(s.shell().trim().split("\\s+")));
            cmd.add(s.command());
        } else {
            cmd.addAll(List.of(s.command().trim().split("\\s+")));
        }
        return cmd;
    }

    @Override
    public synchronized void start(ChannelProcessor channelProcessor) {
        processor = channelProcessor;
        lines.clear();
        running = true;
        stdoutThread = new Thread(this::runCommand, "exec-" + name + "-stdout");
        deliverThread = new Thread(this::deliverLoop, "exec-" + name + "-deliver");
        stdoutThread.setDaemon(true);
        deliverThread.setDaemon(true);
        stdoutThread.start();
        deliverThread.start();
        counter.markStarted();
        LOG.info("Exec source {} runs {} (no delivery guarantee)", name, commandLine());
    }

    @Override
    public synchronized void stop() {
        if (!running) {
            return;
        }
        Process p;
        synchronized (processLock) {
            running = false;
            p = process;
        }
        killTree(p);
        for (Thread t : new Thread[] {stdoutThread, deliverThread}) {
            if (t != null) {
                t.interrupt();
            }
        }
        for (Thread t : new Thread[] {stdoutThread, deliverThread}) {
            if (t != null) {
                try {
                    t.join(JOIN_MILLIS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
        }
        if (!lines.isEmpty()) {
            LOG.warn("Exec source {} stopped with {} lines not delivered", name, lines.size());
            lines.clear();
        }
        counter.markStopped();
    }

    /** Kills the process and every descendant, politely first, then forcibly. */
    static void killTree(Process p) {
        if (p == null) {
            return;
        }
        List<ProcessHandle> tree = new ArrayList<>(p.descendants().toList());
        tree.forEach(ProcessHandle::destroy);
        p.destroy();
        try {
            if (!p.waitFor(2, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
        }
        tree.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    private void runCommand() {
        while (running) {
            try {
                ProcessBuilder pb = new ProcessBuilder(commandLine());
                Process p;
                synchronized (processLock) {
                    // checked under the lock so a stop racing with the start always sees the process to kill
                    if (!running) {
                        return;
                    }
                    p = pb.start();
                    process = p;
                }
                p.getOutputStream().close();
                Thread err = new Thread(() -> drainStderr(p.getErrorStream()), "exec-" + name + "-stderr");
                err.setDaemon(true);
                err.start();
                try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), s.charset()))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        lines.put(line);
                    }
                }
                int code = p.waitFor();
                if (running) {
                    LOG.info("Exec source {}: command ended with exit code {}", name, code);
                }
            } catch (InterruptedException e) {
                return;
            } catch (IOException e) {
                if (running) {
                    LOG.warn("Exec source {}: command {} failed: {}", name, commandLine(), e.toString());
                    counter.increment(SourceCounter.GENERIC_PROCESSING_FAIL);
                }
            }
            if (!running || !s.restart()) {
                return;
            }
            try {
                Thread.sleep(s.restartThrottleMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void drainStderr(InputStream err) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(err, s.charset()))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (s.logStdErr()) {
                    LOG.warn("Exec source {} stderr: {}", name, line);
                }
            }
        } catch (IOException ignored) {
            // the process ended or was killed
        }
    }

    private void deliverLoop() {
        List<String> batch = new ArrayList<>(s.batchSize());
        try {
            while (running) {
                String first = lines.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(s.batchTimeoutMillis());
                while (batch.size() < s.batchSize()) {
                    long left = deadline - System.nanoTime();
                    String next = left > 0 ? lines.poll(left, TimeUnit.NANOSECONDS) : lines.poll();
                    if (next == null) {
                        break;
                    }
                    batch.add(next);
                }
                counter.eventsReceived(batch.size());
                deliver(batch);
                batch.clear();
            }
        } catch (InterruptedException e) {
            if (!batch.isEmpty()) {
                LOG.warn("Exec source {} stopped with a batch of {} lines not delivered", name, batch.size());
            }
        }
    }

    /** Delivers one batch, retrying refusals with backoff until it is accepted or the source stops. */
    private void deliver(List<String> batch) throws InterruptedException {
        long backoff = 100;
        while (running) {
            List<Event> events = new ArrayList<>(batch.size());
            for (String line : batch) {
                events.add(Event.of(line.getBytes(s.charset())));
            }
            try {
                processor.processBatch(events);
                return;
            } catch (ChannelException e) {
                if (!running || Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("stopped while delivering");
                }
                LOG.warn("Exec source {}: channels refused a batch of {} ({}); retrying in {} ms", name, batch.size(),
                        e.getMessage(), backoff);
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
        throw new InterruptedException("stopped while delivering");
    }
}
