package io.flafka.core.runtime;

import io.flafka.api.Sink;
import io.flafka.api.SinkProcessor;
import io.flafka.api.metrics.CounterGroup;
import io.flafka.core.config.SinkGroupSpec;
import io.flafka.core.config.SinkSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A sink group: its member sinks (started and stopped here), its {@link SinkProcessor} and one runner
 * thread {@code sinkgroup-<name>} that calls the processor. Members already started survive a failed
 * start of another member or of the processor, and are reused by the next attempt.
 */
final class SinkGroupUnit extends Unit {
    private final SinkGroupSpec spec;
    private final List<SinkSpec> members;
    private final Map<String, ChannelUnit> channelBySink;
    private final Components components;
    private final CounterGroup processorCounters;
    private final Map<String, Sink> sinks = new LinkedHashMap<>();
    private final Set<String> started = new LinkedHashSet<>();
    private SinkProcessor processor;
    private volatile Runner runner;

    /**
     * @param members the member sinks, in the group's order
     * @param channelBySink each member's channel
     */
    SinkGroupUnit(SinkGroupSpec spec, List<SinkSpec> members, Map<String, ChannelUnit> channelBySink,
                  Components components) {
        this.spec = spec;
        this.members = List.copyOf(members);
        this.channelBySink = Map.copyOf(channelBySink);
        this.components = components;
        this.processorCounters = components.counters(spec.processor());
    }

    SinkGroupSpec spec() {
        return spec;
    }

    List<SinkSpec> members() {
        return members;
    }

    Map<String, ChannelUnit> channelBySink() {
        return channelBySink;
    }

    /** The channels the members read. */
    List<ChannelUnit> channelUnits() {
        return new ArrayList<>(new LinkedHashSet<>(channelBySink.values()));
    }

    @Override
    String describe() {
        return "sink group '" + spec.name() + "'";
    }

    @Override
    int startOrder() {
        return 1;
    }

    @Override
    boolean dependenciesRunning() {
        return allRunning(channelBySink.values());
    }

    @Override
    void prepare() throws Exception {
        for (SinkSpec m : members) {
            sinks.put(m.name(), components.create(m.component(), Sink.class));
        }
        processor = components.create(spec.processor(), SinkProcessor.class);
    }

    @Override
    protected void doStart() throws Exception {
        for (SinkSpec m : members) {
            String name = m.name();
            if (started.contains(name)) {
                continue;
            }
            Sink s = sinks.get(name);
            if (s == null) {
                s = components.create(m.component(), Sink.class);
                sinks.put(name, s);
            }
            try {
                s.start(channelBySink.get(name).channel());
            } catch (Exception | Error e) {
                Components.quietly("sink '" + name + "'", s::stop);
                sinks.remove(name);
                throw e;
            }
            started.add(name);
            components.counters(m.component()).markStarted();
        }
        SinkProcessor p = processor != null ? processor : components.create(spec.processor(), SinkProcessor.class);
        processor = p;
        try {
            p.initialize(java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sinks)));
            p.start();
        } catch (Exception | Error e) {
            Components.quietly(describe() + " processor", p::stop);
            processor = null;
            throw e;
        }
        processorCounters.markStarted();
        runner = new Runner("sinkgroup-" + spec.name(), describe(), p::process, 1, SinkUnit.SINK_IDLE_MAX_MS,
                t -> processorCounters.increment(Agent.PROCESS_FAIL));
        runner.start();
    }

    @Override
    protected void requestStop() {
        Runner r = runner;
        if (r != null) {
            r.requestStop();
        }
    }

    @Override
    protected void doStop() {
        SinkProcessor p = processor;
        runner.stopGracefully(this::stopSinks);
        Components.quietly(describe() + " processor", p::stop);
        processorCounters.markStopped();
    }

    @Override
    protected void abandon() {
        stopSinks();
    }

    private void stopSinks() {
        for (SinkSpec m : members) {
            if (started.remove(m.name())) {
                Sink s = sinks.get(m.name());
                Components.quietly("sink '" + m.name() + "'", s::stop);
                components.counters(m.component()).markStopped();
            }
        }
    }

    Thread thread() {
        Runner r = runner;
        return r == null ? null : r.thread();
    }
}
