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

    AgentRun(AgentLoader loader, boolean reload, boolean status, long durationSeconds, boolean installHook) {
        this.loader = loader;
        this.reload = reload;
        this.status = status;
        this.durationSeconds = durationSeconds;
        this.installHook = installHook;
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
        Running running = new Running(log);
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
        } catch (Exception | Error e) {
            shutdown.stopNow();
            shutdown.uninstall();
            throw e;
        }
        log.info("Agent '{}' is running", loader.agentName());
        shutdown.await(durationSeconds);
        shutdown.stopNow();
        shutdown.uninstall();
        if (running.status != null) {
            out.println(running.status.line());
            out.flush();
        }
        return 0;
    }

    /** What has been started so far, stopped in reverse order. */
    private final class Running {
        private final Logger log;
        volatile Monitoring monitoring;
        volatile Agent agent;
        volatile ConfigReloader reloader;
        volatile StatusLine status;

        Running(Logger log) {
            this.log = log;
        }

        void stop() {
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
