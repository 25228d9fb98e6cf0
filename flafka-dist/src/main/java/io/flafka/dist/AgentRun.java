package io.flafka.dist;

import io.flafka.api.config.ConfigError;
import io.flafka.api.config.ConfigException;
import io.flafka.core.config.AgentSpec;
import io.flafka.core.config.LoadResult;
import io.flafka.core.metrics.CounterRegistry;
import io.flafka.core.metrics.Monitoring;
import io.flafka.core.runtime.Agent;
import java.io.PrintStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one agent until it is told to stop: loads the configuration (errors: {@link ConfigException},
 * nothing started), starts monitoring and the agent, reloads the configuration when its files change,
 * prints the status line, and on SIGTERM/Ctrl-C (or when {@code durationSeconds} pass) stops the agent
 * gracefully, draining what can be drained.
 */
final class AgentRun {
    /** How often the status line is printed ({@code -Dflafka.status.intervalMs}, default 5 s). */
    static final String STATUS_INTERVAL_PROPERTY = "flafka.status.intervalMs";

    private final AgentLoader loader;
    private final boolean reload;
    private final boolean status;
    private final long durationSeconds;
    private final boolean installHook;
    private Lifecycle lifecycle = new Lifecycle() { };

    /**
     * What a command does around the agent (the quickstart's traffic and broker). Called from the command's
     * thread ({@link #started()}) and from whichever thread stops the agent: the shutdown hook or the
     * command's ({@link #stopping()}, {@link #stopped()}).
     */
    interface Lifecycle {
        /** The agent has started. */
        default void started() {
        }

        /** The agent is about to stop. */
        default void stopping() {
        }

        /** The agent has stopped (or failed to start); runs even when stopping failed. */
        default void stopped() {
        }
    }

    AgentRun(AgentLoader loader, boolean reload, boolean status, long durationSeconds, boolean installHook) {
        this.loader = loader;
        this.reload = reload;
        this.status = status;
        this.durationSeconds = durationSeconds;
        this.installHook = installHook;
    }

    /** Sets what runs around the agent. */
    AgentRun lifecycle(Lifecycle l) {
        this.lifecycle = l;
        return this;
    }

    /** Loads and validates; throws {@link ConfigException} listing every error. */
    static AgentSpec loadOrThrow(AgentLoader loader, Logger log) {
        LoadResult result = loader.load();
        for (ConfigError w : result.diagnostics().warnings()) {
            log.warn("{}", w);
        }
        for (ConfigError i : result.diagnostics().infos()) {
            log.info("{}", i);
        }
        if (!result.ok()) {
            throw new ConfigException(result.diagnostics().errors());
        }
        return result.spec();
    }

    /** Runs until stopped; returns the exit code. */
    int run(PrintStream out) throws Exception {
        Logger log = LoggerFactory.getLogger(AgentRun.class);
        AgentSpec spec = loadOrThrow(loader, log);
        CounterRegistry counters = new CounterRegistry();
        Running running = new Running(log, out);
        Shutdown shutdown = new Shutdown(running::stop);
        // installed before anything starts, so that a signal during start-up also stops gracefully
        if (installHook) {
            shutdown.install();
        }
        try {
            running.monitoring = Monitoring.fromSystemProperties(counters);
            Agent agent = new Agent(spec, counters);
            running.agent = agent;
            log.info("Starting agent '{}' from {}", loader.agentName(), loader.files());
            agent.start();
            if (reload) {
                running.reloader = new ConfigReloader(loader.files(), loader::load,
                        newSpec -> reconfigure(agent, newSpec, log))
                        .start(ConfigReloader.intervalFromSystemProperties());
            }
            if (status) {
                running.status = new StatusLine(counters, out).start(statusInterval());
            }
            lifecycle.started();
        } catch (Exception | Error e) {
            shutdown.stopNow();
            shutdown.uninstall();
            throw e;
        }
        log.info("Agent '{}' is running", loader.agentName());
        shutdown.await(durationSeconds);
        shutdown.stopNow();
        shutdown.uninstall();
        return 0;
    }

    /** What has been started so far, stopped in reverse order. */
    private final class Running {
        private final Logger log;
        volatile Monitoring monitoring;
        volatile Agent agent;
        volatile ConfigReloader reloader;
        volatile StatusLine status;

        private final PrintStream out;

        Running(Logger log, PrintStream out) {
            this.log = log;
            this.out = out;
        }

        void stop() {
            try {
                lifecycle.stopping();
                stopAgent();
                if (status != null) {
                    // the last line: what happened since the previous one, including the drain
                    out.println(status.line());
                    out.flush();
                }
            } finally {
                lifecycle.stopped();
            }
        }

        private void stopAgent() {
            if (reloader != null) {
                reloader.close();
            }
            if (status != null) {
                status.close();
            }
            try {
                if (agent != null) {
                    log.info("Stopping agent '{}'", loader.agentName());
                    agent.stop();
                    log.info("Agent '{}' stopped", loader.agentName());
                }
            } finally {
                if (monitoring != null) {
                    monitoring.close();
                }
            }
        }
    }

    private static void reconfigure(Agent agent, AgentSpec spec, Logger log) {
        try {
            agent.reconfigure(spec);
        } catch (ConfigException e) {
            // a mistake found while creating the new components: the agent left the running ones alone
            for (ConfigError error : e.errors()) {
                log.error("{}", error);
            }
            log.error("The changed configuration could not be applied; the running configuration is kept");
        } catch (RuntimeException e) {
            log.error("Reconfiguration failed: {}", e.toString(), e);
        }
    }

    private static long statusInterval() {
        try {
            long ms = Long.parseLong(System.getProperty(STATUS_INTERVAL_PROPERTY, "5000").trim());
            return ms > 0 ? ms : 5000;
        } catch (NumberFormatException e) {
            return 5000;
        }
    }
}
