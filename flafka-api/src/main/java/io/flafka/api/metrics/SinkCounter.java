package io.flafka.api.metrics;

/** Flume's sink counters. */
public class SinkCounter extends CounterGroup {
    public static final String CONNECTION_CREATED = "ConnectionCreatedCount";
    public static final String CONNECTION_CLOSED = "ConnectionClosedCount";
    public static final String CONNECTION_FAILED = "ConnectionFailedCount";
    public static final String BATCH_EMPTY = "BatchEmptyCount";
    public static final String BATCH_UNDERFLOW = "BatchUnderflowCount";
    public static final String BATCH_COMPLETE = "BatchCompleteCount";
    public static final String DRAIN_ATTEMPT = "EventDrainAttemptCount";
    public static final String DRAIN_SUCCESS = "EventDrainSuccessCount";
    public static final String EVENT_WRITE_FAIL = "EventWriteFail";
    public static final String CHANNEL_READ_FAIL = "ChannelReadFail";

    public SinkCounter(String name) {
        super("SINK", name);
        for (String c : new String[] {CONNECTION_CREATED, CONNECTION_CLOSED, CONNECTION_FAILED, BATCH_EMPTY,
            BATCH_UNDERFLOW, BATCH_COMPLETE, DRAIN_ATTEMPT, DRAIN_SUCCESS, EVENT_WRITE_FAIL, CHANNEL_READ_FAIL}) {
            counter(c);
        }
    }

    /**
     * Records the outcome of one taken batch: empty, underflow (fewer than batchSize) or complete.
     */
    public void batchTaken(int taken, int batchSize) {
        if (taken == 0) {
            increment(BATCH_EMPTY);
        } else if (taken < batchSize) {
            increment(BATCH_UNDERFLOW);
        } else {
            increment(BATCH_COMPLETE);
        }
    }
}
