package io.flafka.core.runtime;

/**
 * A part of a running agent that starts and stops as a whole: a channel, a sink with its runner, a
 * sink group with its sinks, processor and runner, or a source with its interceptors, selector,
 * channel processor and runner. Started by the lifecycle thread or, after a failure, by the
 * supervisor thread; stopped by the lifecycle thread. Start and stop never overlap.
 */
abstract class Unit {
    private volatile boolean running;
    private volatile boolean stopping;

    /** For logs: {@code sink 'k1'}. */
    abstract String describe();

    /** Channels start before sinks, sinks before sources. */
    abstract int startOrder();

    /** True when the channels this unit uses are running. */
    abstract boolean dependenciesRunning();

    /** True when every one of these channels is running (the dependency test of sources and sink groups). */
    static boolean allRunning(java.util.Collection<ChannelUnit> channels) {
        for (ChannelUnit c : channels) {
            if (!c.isRunning()) {
                return false;
            }
        }
        return true;
    }

    /**
     * Creates the instances without starting them, on the lifecycle thread, so configuration errors
     * surface before anything starts.
     */
    abstract void prepare() throws Exception;

    /** Starts the component(s); on failure releases what it started and forgets the instances. */
    protected abstract void doStart() throws Exception;

    /** Stops what {@link #doStart()} started. Must not throw and must return in bounded time. */
    protected abstract void doStop();

    /**
     * Asks the unit's runner to finish its current call and end, without waiting, so that several
     * units can wind down in parallel before {@link #stop()} waits for each.
     */
    protected void requestStop() {
    }

    /** Signals a running unit to wind down; see {@link #requestStop()}. */
    final void signalStop() {
        if (running) {
            requestStop();
        }
    }

    /** Releases anything a failed or never-completed start left behind. */
    protected void abandon() {
    }

    final boolean isRunning() {
        return running;
    }

    /** True when no start attempt is needed any more (running or being stopped). */
    final boolean isDone() {
        return running || stopping;
    }

    final synchronized void start() throws Exception {
        if (stopping || running) {
            return;
        }
        doStart();
        running = true;
    }

    final void stop() {
        stopping = true; // seen by the supervisor before it takes the lock
        synchronized (this) {
            if (running) {
                running = false;
                doStop();
            } else {
                abandon();
            }
        }
    }

    @Override
    public String toString() {
        return describe();
    }
}
