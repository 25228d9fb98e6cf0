package io.flafka.core.runtime;

import io.flafka.api.Channel;
import io.flafka.api.metrics.CounterGroup;
import io.flafka.core.config.ComponentSpec;

/** A channel. Started first and stopped last, once no source or sink uses it. */
final class ChannelUnit extends Unit {
    private final ComponentSpec spec;
    private final Components components;
    private final CounterGroup counters;
    private volatile Channel channel;

    ChannelUnit(ComponentSpec spec, Components components) {
        this.spec = spec;
        this.components = components;
        this.counters = components.counters(spec);
    }

    ComponentSpec spec() {
        return spec;
    }

    /** The instance; meaningful while running. */
    Channel channel() {
        return channel;
    }

    /** Events held, or -1 when unknown or not running. */
    long size() {
        Channel c = channel;
        return c == null || !isRunning() ? -1 : c.size();
    }

    @Override
    String describe() {
        return "channel '" + spec.name() + "'";
    }

    @Override
    int startOrder() {
        return 0;
    }

    @Override
    boolean dependenciesRunning() {
        return true;
    }

    @Override
    void prepare() throws Exception {
        channel = components.create(spec, Channel.class);
    }

    @Override
    protected void doStart() throws Exception {
        if (channel == null) {
            prepare();
        }
        Channel c = channel;
        try {
            c.start();
        } catch (Exception | Error e) {
            Components.quietly(describe(), c::stop);
            channel = null;
            throw e;
        }
        counters.markStarted();
    }

    @Override
    protected void doStop() {
        Channel c = channel;
        Components.quietly(describe(), c::stop);
        counters.markStopped();
    }
}
