package io.flafka.core.runtime;

import io.flafka.api.ComponentKind;
import io.flafka.api.Source;
import io.flafka.api.config.ConfigException;
import io.flafka.core.config.AgentSpec;
import io.flafka.core.config.ComponentSpec;
import io.flafka.core.config.SourceSpec;
import io.flafka.core.metrics.CounterRegistry;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A running agent: builds the components of an {@link AgentSpec}, starts them in dependency order
 * (channels, then sinks and sink groups, then sources), restarts only what a new spec changes, and
 * stops gracefully so a memory channel is drained before its sinks stop.
 *
 * <p>Threads: the lifecycle methods are called by one controlling thread (they are synchronized);
 * each pollable source, sink and sink group runs on its own thread ({@code source-<name>},
 * {@code sink-<name>}, {@code sinkgroup-<name>}); a supervisor thread ({@code supervisor-<agent>})
 * retries components whose start failed, with backoff, while the others run. {@link #stop()} ends
 * them all promptly: sleeps are cut short; in-flight batches are allowed to finish.
 *
 * <p>Counters: besides Flume's counter groups, the runtime counts {@value #PROCESS_FAIL} (calls of
 * {@code process()} that threw) in the group of the source, sink or sink processor concerned; a
 * source's {@link io.flafka.api.ChannelException}s are not counted there because the channel
 * processor counts them as {@code ChannelWriteFail}.
 */
public final class Agent implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Agent.class);

    /** Counter of {@code process()} calls that threw, kept by the runners. */
    public static final String PROCESS_FAIL = "ProcessFailCount";
    /** System property bounding how long stop waits for sinks to drain channels, in milliseconds. */
    public static final String DRAIN_TIMEOUT_PROPERTY = Drain.TIMEOUT_PROPERTY;
    private static final long FIRST_RETRY_MS = Runner.ERROR_BACKOFF_START_MS;
    private static final long DEPENDENCY_POLL_MS = 50;

    private enum State { NEW, STARTED, STOPPED }

    private final CounterRegistry counters;
    private final Components components;
    private volatile AgentSpec spec;
    private State state = State.NEW;
    private Supervisor supervisor;
    private Map<String, ChannelUnit> channels = Map.of();
    /** Keyed {@code sink:<name>} for sinks outside groups and {@code group:<name>} for sink groups. */
    private Map<String, Unit> sinkUnits = Map.of();
    private Map<String, SourceUnit> sources = Map.of();

    public Agent(AgentSpec spec, CounterRegistry counters) {
        this.spec = spec;
        this.counters = counters;
        this.components = new Components(spec.agentName(), counters);
    }

    /** The spec currently running (or to be started). */
    public AgentSpec spec() {
        return spec;
    }

    /**
     * Creates every component, then starts channels, sinks and sink groups, then sources. A
     * configuration error found while creating ({@link ConfigException}) is thrown and nothing starts;
     * a component whose start fails is retried in the background while the others run.
     */
    public synchronized void start() {
        if (state != State.NEW) {
            throw new IllegalStateException("agent '" + spec.agentName() + "' was already started");
        }
        Plan plan = Plan.of(spec, channels, sinkUnits, sources, components);
        prepare(plan.created());
        channels = plan.channels();
        sinkUnits = plan.sinkUnits();
        sources = plan.sources();
        supervisor = new Supervisor(spec.agentName());
        supervisor.start();
        state = State.STARTED;
        launch(plan.created());
        LOG.info("Agent '{}' started: {} source(s), {} channel(s), {} sink(s), {} sink group(s)", spec.agentName(),
                spec.sources().size(), spec.channels().size(), spec.sinks().size(), spec.sinkGroups().size());
    }

    /**
     * Moves to {@code newSpec}, restarting only what changed: a component is kept (same instance, same
     * thread) when its spec is {@code sameAs} the running one and the channels it uses are kept too.
     * Changed and removed parts stop gracefully (sources first, a replaced channel is drained by its
     * old sinks, then sinks, then channels); added and changed parts then start in the usual order.
     * When creating the new components finds a configuration error, it is thrown and the running
     * agent is left untouched.
     */
    public synchronized void reconfigure(AgentSpec newSpec) {
        if (!newSpec.agentName().equals(spec.agentName())) {
            throw new IllegalArgumentException("spec is for agent '" + newSpec.agentName() + "', not '"
                    + spec.agentName() + "'");
        }
        if (state == State.STOPPED) {
            throw new IllegalStateException("agent '" + spec.agentName() + "' is stopped");
        }
        if (state == State.NEW) {
            spec = newSpec;
            return;
        }
        Plan plan = Plan.of(newSpec, channels, sinkUnits, sources, components);
        prepare(plan.created());

        List<SourceUnit> oldSources = retired(sources.values(), plan.sources().values());
        List<Unit> oldSinkUnits = retired(sinkUnits.values(), plan.sinkUnits().values());
        List<ChannelUnit> oldChannels = retired(channels.values(), plan.channels().values());
        LOG.info("Agent '{}' reconfiguring: restarting or removing {} source(s), {} sink unit(s), {} channel(s); "
                        + "starting {} unit(s)", spec.agentName(), oldSources.size(), oldSinkUnits.size(),
                oldChannels.size(), plan.created().size());
        stopAll(oldSources);
        Drain.await(oldChannels, sinkUnits.values());
        stopAll(oldSinkUnits);
        stopAll(oldChannels);

        Set<String> keep = counterKeys(newSpec);
        for (String key : counterKeys(spec)) {
            if (!keep.contains(key)) {
                int dot = key.indexOf('.');
                counters.remove(key.substring(0, dot), key.substring(dot + 1));
            }
        }
        channels = plan.channels();
        sinkUnits = plan.sinkUnits();
        sources = plan.sources();
        spec = newSpec;
        launch(plan.created());
    }

    /**
     * Stops gracefully: sources first (their in-flight {@code process()} calls finish), then sinks keep
     * draining the channels until they are empty or {@value #DRAIN_TIMEOUT_PROPERTY} (default 10 s)
     * passes, then sinks stop, then channels.
     */
    public synchronized void stop() {
        if (state != State.STARTED) {
            state = State.STOPPED;
            return;
        }
        state = State.STOPPED;
        supervisor.stop();
        stopAll(sources.values());
        Drain.await(channels.values(), sinkUnits.values());
        stopAll(sinkUnits.values());
        stopAll(channels.values());
        LOG.info("Agent '{}' stopped", spec.agentName());
    }

    @Override
    public void close() {
        stop();
    }

    /** Creates every new unit's instances; a configuration error aborts before anything changes. */
    private static void prepare(List<Unit> units) {
        for (Unit u : units) {
            try {
                u.prepare();
            } catch (ConfigException e) {
                throw e;
            } catch (Exception | LinkageError e) {
                // Not a user mistake: the start attempt will create it again and retry with backoff.
                LOG.warn("Creating {} failed; will retry when starting it: {}", u.describe(), e.toString());
            }
        }
    }

    private static <U extends Unit> List<U> retired(Collection<U> running, Collection<? extends Unit> next) {
        Set<Unit> kept = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        kept.addAll(next);
        List<U> out = new ArrayList<>();
        for (U u : running) {
            if (!kept.contains(u)) {
                out.add(u);
            }
        }
        return out;
    }

    /** {@code TYPE.name} of every counter group a spec's components use. */
    private static Set<String> counterKeys(AgentSpec s) {
        Set<String> keys = new HashSet<>();
        for (SourceSpec src : s.sources().values()) {
            keys.add(key(src.component()));
            if (src.selector() != null) {
                keys.add(key(src.selector()));
            }
            src.interceptors().forEach(i -> keys.add(key(i)));
        }
        s.channels().values().forEach(c -> keys.add(key(c)));
        s.sinks().values().forEach(k -> keys.add(key(k.component())));
        s.sinkGroups().values().forEach(g -> keys.add(key(g.processor())));
        return keys;
    }

    private static String key(ComponentSpec c) {
        ComponentKind k = c.kind();
        return k.metricsPrefix() + "." + c.name();
    }

    // ---- starting and stopping ------------------------------------------------------------------

    /** Starts units in order (channels, sinks, sources); failures go to the supervisor. */
    private void launch(List<Unit> units) {
        List<Unit> ordered = new ArrayList<>(units);
        ordered.sort(java.util.Comparator.comparingInt(Unit::startOrder));
        for (Unit u : ordered) {
            if (!u.dependenciesRunning()) {
                LOG.info("{} waits for its channels to start", u.describe());
                supervisor.add(u, DEPENDENCY_POLL_MS, 0);
                continue;
            }
            try {
                u.start();
            } catch (Throwable t) {
                if (t instanceof VirtualMachineError v) {
                    throw v;
                }
                LOG.warn("{} failed to start; retrying in the background with backoff", u.describe(), t);
                supervisor.add(u, FIRST_RETRY_MS, 1);
            }
        }
    }

    /** Signals every unit first (their in-flight calls finish in parallel), then stops each. */
    private static void stopAll(Collection<? extends Unit> units) {
        for (Unit u : units) {
            u.signalStop();
        }
        for (Unit u : units) {
            u.stop();
        }
    }

    // ---- introspection (tests and diagnostics) --------------------------------------------------

    /** The running instance of a source, or null. */
    synchronized Source sourceInstance(String name) {
        SourceUnit u = sources.get(name);
        return u == null ? null : u.source();
    }

    /** The runner thread of a pollable source, a sink or a sink group ({@code group:<name>}), or null. */
    synchronized Thread runnerThread(String name) {
        SourceUnit src = sources.get(name);
        if (src != null) {
            return src.thread();
        }
        Unit u = sinkUnits.get(name.startsWith("group:") ? name : "sink:" + name);
        if (u instanceof SinkUnit su) {
            return su.thread();
        }
        if (u instanceof SinkGroupUnit gu) {
            return gu.thread();
        }
        return null;
    }

    /** True when the named source, channel, sink or group ({@code group:<name>}) is running. */
    synchronized boolean isRunning(String name) {
        Unit u = sources.containsKey(name) ? sources.get(name)
                : channels.containsKey(name) ? channels.get(name)
                : sinkUnits.get(name.startsWith("group:") ? name : "sink:" + name);
        return u != null && u.isRunning();
    }
}
