package io.flafka.core.runtime;

import io.flafka.api.Channel;
import io.flafka.api.ChannelException;
import io.flafka.api.ChannelSelector;
import io.flafka.api.Interceptor;
import io.flafka.api.PollableSource;
import io.flafka.api.Source;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.core.config.ComponentSpec;
import io.flafka.core.config.SourceSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A source with its interceptor chain, selector and {@link ChannelProcessorImpl}. A pollable source gets
 * a runner thread {@code source-<name>} that uses the source's own idle backoff; an event-driven source
 * is just started. The runner counts a failed {@code process()} as {@link Agent#PROCESS_FAIL} unless it
 * is a {@link ChannelException}, which the channel processor has counted already.
 */
final class SourceUnit extends Unit {
    private final SourceSpec spec;
    private final Map<String, ChannelUnit> channels;
    private final Components components;
    private final SourceCounter counters;
    private Source source;
    private ChannelSelector selector;
    private List<Interceptor> interceptors;
    private volatile Runner runner;

    /** @param channels the source's channels, in configured order */
    SourceUnit(SourceSpec spec, Map<String, ChannelUnit> channels, Components components) {
        this.spec = spec;
        this.channels = new LinkedHashMap<>(channels);
        this.components = components;
        this.counters = components.registry().source(spec.name());
    }

    SourceSpec spec() {
        return spec;
    }

    /** The channels written, by name, in configured order. */
    Map<String, ChannelUnit> channelUnits() {
        return java.util.Collections.unmodifiableMap(channels);
    }

    @Override
    String describe() {
        return "source '" + spec.name() + "'";
    }

    @Override
    int startOrder() {
        return 2;
    }

    @Override
    boolean dependenciesRunning() {
        return allRunning(channels.values());
    }

    @Override
    void prepare() throws Exception {
        List<Interceptor> list = new ArrayList<>();
        for (ComponentSpec i : spec.interceptors()) {
            list.add(components.create(i, Interceptor.class));
        }
        interceptors = list;
        selector = spec.selector() == null ? new AllRequiredSelector()
                : components.create(spec.selector(), ChannelSelector.class);
        source = components.create(spec.component(), Source.class);
    }

    @Override
    protected void doStart() throws Exception {
        if (source == null) {
            prepare();
        }
        int interceptorsStarted = 0;
        boolean selectorStarted = false;
        boolean sourceStarted = false;
        try {
            for (Interceptor i : interceptors) {
                i.start();
                interceptorsStarted++;
            }
            Map<String, Channel> byName = new LinkedHashMap<>();
            channels.forEach((name, unit) -> byName.put(name, unit.channel()));
            selector.initialize(java.util.Collections.unmodifiableMap(byName));
            selector.start();
            selectorStarted = true;
            List<String> names = new ArrayList<>();
            for (ComponentSpec i : spec.interceptors()) {
                names.add(i.name());
            }
            ChannelProcessorImpl processor = new ChannelProcessorImpl(spec.name(), names, interceptors, selector,
                    byName, counters);
            sourceStarted = true;
            source.start(processor);
        } catch (Exception | Error e) {
            release(interceptorsStarted, selectorStarted, sourceStarted);
            throw e;
        }
        counters.markStarted();
        subCounters(true);
        if (source instanceof PollableSource p) {
            runner = new Runner("source-" + spec.name(), describe(), p::process, p.backoffSleepIncrementMillis(),
                    p.maxBackoffSleepMillis(), t -> {
                        if (!(t instanceof ChannelException)) {
                            counters.increment(Agent.PROCESS_FAIL);
                        }
                    });
            runner.start();
        }
    }

    private void release(int interceptorsStarted, boolean selectorStarted, boolean sourceStarted) {
        if (sourceStarted) {
            Components.quietly(describe(), source::stop);
        }
        if (selectorStarted) {
            Components.quietly(describe() + " selector", selector::stop);
        }
        for (int i = 0; i < interceptorsStarted; i++) {
            Components.quietly(describe() + " interceptor", interceptors.get(i)::stop);
        }
        source = null;
        selector = null;
        interceptors = null;
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
        Source s = source;
        if (runner != null) {
            runner.stopGracefully(s::stop);
        } else {
            Components.quietly(describe(), s::stop);
        }
        Components.quietly(describe() + " selector", selector::stop);
        for (Interceptor i : interceptors) {
            Components.quietly(describe() + " interceptor", i::stop);
        }
        counters.markStopped();
        subCounters(false);
    }

    /** Marks the interceptors' and selector's counter groups started or stopped. */
    private void subCounters(boolean started) {
        List<ComponentSpec> subs = new ArrayList<>(spec.interceptors());
        if (spec.selector() != null) {
            subs.add(spec.selector());
        }
        for (ComponentSpec c : subs) {
            if (started) {
                components.counters(c).markStarted();
            } else {
                components.counters(c).markStopped();
            }
        }
    }

    Source source() {
        return source;
    }

    Thread thread() {
        Runner r = runner;
        return r == null ? null : r.thread();
    }
}
