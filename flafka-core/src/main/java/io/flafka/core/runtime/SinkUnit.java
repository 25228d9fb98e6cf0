package io.flafka.core.runtime;

import io.flafka.api.Sink;
import io.flafka.api.metrics.CounterGroup;
import io.flafka.core.config.SinkSpec;

/** A sink outside any group, driven directly by its own runner thread {@code sink-<name>}. */
final class SinkUnit extends Unit {
    /** Longest idle sleep of a sink runner: short, so an idle sink reacts quickly to new events. */
    static final long SINK_IDLE_MAX_MS = 100;

    private final SinkSpec spec;
    private final ChannelUnit channel;
    private final Components components;
    private final CounterGroup counters;
    private Sink sink;
    private volatile Runner runner;
    private Runnable wakeOnPut;

    SinkUnit(SinkSpec spec, ChannelUnit channel, Components components) {
        this.spec = spec;
        this.channel = channel;
        this.components = components;
        this.counters = components.counters(spec.component());
    }

    SinkSpec spec() {
        return spec;
    }

    ChannelUnit channelUnit() {
        return channel;
    }

    @Override
    String describe() {
        return "sink '" + spec.name() + "'";
    }

    @Override
    int startOrder() {
        return 1;
    }

    @Override
    boolean dependenciesRunning() {
        return channel.isRunning();
    }

    @Override
    void prepare() throws Exception {
        sink = components.create(spec.component(), Sink.class);
    }

    @Override
    protected void doStart() throws Exception {
        if (sink == null) {
            prepare();
        }
        Sink s = sink;
        try {
            s.start(channel.channel());
        } catch (Exception | Error e) {
            Components.quietly(describe(), s::stop);
            sink = null;
            throw e;
        }
        counters.markStarted();
        Runner r = new Runner("sink-" + spec.name(), describe(), s::process, 1, SINK_IDLE_MAX_MS,
                t -> counters.increment(Agent.PROCESS_FAIL));
        runner = r;
        wakeOnPut = r::wake;
        channel.channel().addPutListener(wakeOnPut);   // an idle sink takes new events at once, not after its backoff
        r.start();
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
        channel.channel().removePutListener(wakeOnPut);
        runner.stopGracefully(sink::stop);
        counters.markStopped();
    }

    /** The runner thread, for tests and diagnostics; null before start. */
    Thread thread() {
        Runner r = runner;
        return r == null ? null : r.thread();
    }
}
