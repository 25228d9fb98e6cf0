package io.flafka.dist;

import io.flafka.api.config.ConfigError;
import io.flafka.core.config.AgentSpec;
import io.flafka.core.config.LoadResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's configuration reload: polls the configuration files' modification times (every 30 s unless
 * told otherwise); when one changed, loads them again. A configuration with errors is logged at ERROR
 * and the running one is kept; a good one is handed to the agent. Polls on its own daemon thread;
 * {@link #close()} stops it.
 */
final class ConfigReloader implements AutoCloseable {
    /** The poll interval property ({@code -Dflafka.reload.intervalMs=...}). */
    static final String INTERVAL_PROPERTY = "flafka.reload.intervalMs";
    static final long DEFAULT_INTERVAL_MS = 30_000;

    private static final Logger LOG = LoggerFactory.getLogger(ConfigReloader.class);

    private final List<Path> files;
    private final Supplier<LoadResult> loader;
    private final Consumer<AgentSpec> apply;
    private List<Object> fingerprint;
    private ScheduledExecutorService timer;

    /**
     * @param files the files to watch
     * @param loader loads the files again
     * @param apply reconfigures the running agent with a good configuration
     */
    ConfigReloader(List<Path> files, Supplier<LoadResult> loader, Consumer<AgentSpec> apply) {
        this.files = List.copyOf(files);
        this.loader = loader;
        this.apply = apply;
        this.fingerprint = fingerprint();
    }

    /** The interval from {@value #INTERVAL_PROPERTY}, or 30 s. */
    static long intervalFromSystemProperties() {
        String v = System.getProperty(INTERVAL_PROPERTY);
        if (v != null) {
            try {
                long ms = Long.parseLong(v.trim());
                if (ms > 0) {
                    return ms;
                }
            } catch (NumberFormatException e) {
                // fall through to the warning
            }
            LOG.warn("-D{}={} is not a positive number of milliseconds; using {}", INTERVAL_PROPERTY, v,
                    DEFAULT_INTERVAL_MS);
        }
        return DEFAULT_INTERVAL_MS;
    }

    synchronized ConfigReloader start(long intervalMs) {
        timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "flafka-config-reload");
            t.setDaemon(true);
            return t;
        });
        timer.scheduleWithFixedDelay(this::checkQuietly, intervalMs, intervalMs, TimeUnit.MILLISECONDS);
        LOG.info("Watching {} for changes every {} ms", files, intervalMs);
        return this;
    }

    private void checkQuietly() {
        try {
            check();
        } catch (RuntimeException e) {
            LOG.error("Configuration reload failed; the running configuration is kept", e);
        }
    }

    /**
     * Reloads if a file changed since the last check.
     *
     * @return true when a new configuration was applied
     */
    synchronized boolean check() {
        List<Object> now = fingerprint();
        if (now.equals(fingerprint)) {
            return false;
        }
        fingerprint = now;
        LOG.info("Configuration changed; reloading {}", files);
        for (Path f : files) {
            if (!Files.exists(f)) {
                LOG.error("Configuration file {} is missing; the running configuration is kept", f);
                return false;
            }
        }
        LoadResult result = loader.get();
        for (ConfigError w : result.diagnostics().warnings()) {
            LOG.warn("{}", w);
        }
        if (!result.ok()) {
            for (ConfigError e : result.diagnostics().errors()) {
                LOG.error("{}", e);
            }
            LOG.error("The changed configuration has {} error(s); the running configuration is kept",
                    result.diagnostics().errors().size());
            return false;
        }
        apply.accept(result.spec());
        LOG.info("Configuration reloaded");
        return true;
    }

    /** Modification time and size of each file (null when missing). */
    private List<Object> fingerprint() {
        List<Object> out = new ArrayList<>();
        for (Path f : files) {
            try {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                out.add(List.of(a.lastModifiedTime(), a.size()));
            } catch (NoSuchFileException e) {
                out.add(null);
            } catch (IOException e) {
                out.add("unreadable:" + Objects.toString(e.getMessage()));
            }
        }
        return out;
    }

    @Override
    public synchronized void close() {
        if (timer != null) {
            timer.shutdownNow();
        }
    }
}
