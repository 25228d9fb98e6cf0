package io.flafka.bench.e2e;

/**
 * Follows a drained-events count sampled in a loop: done once it reaches the target, stalled when it has not
 * moved for a while. Not thread-safe: one sampling loop owns it.
 */
final class DrainWatch {
    enum State { RUNNING, DONE, STALLED }

    private final long target;
    private final long stallNanos;
    private long seen = -1;
    private long lastProgress;

    DrainWatch(long target, long stallNanos, long now) {
        this.target = target;
        this.stallNanos = stallNanos;
        this.lastProgress = now;
    }

    /** Nothing to sample yet (e.g. the agent is still starting): not a stall. */
    void waiting(long now) {
        lastProgress = now;
    }

    State sample(long drained, long now) {
        if (drained >= target) {
            return State.DONE;
        }
        if (drained != seen) {
            seen = drained;
            lastProgress = now;
            return State.RUNNING;
        }
        return now - lastProgress > stallNanos ? State.STALLED : State.RUNNING;
    }
}
