package io.flafka.api.metrics;

import java.util.Map;

/** Flume's channel counters; ChannelFillPercentage is derived from size and capacity. */
public class ChannelCounter extends CounterGroup {
    public static final String CHANNEL_SIZE = "ChannelSize";
    public static final String CHANNEL_CAPACITY = "ChannelCapacity";
    public static final String FILL_PERCENTAGE = "ChannelFillPercentage";
    public static final String PUT_ATTEMPT = "EventPutAttemptCount";
    public static final String PUT_SUCCESS = "EventPutSuccessCount";
    public static final String TAKE_ATTEMPT = "EventTakeAttemptCount";
    public static final String TAKE_SUCCESS = "EventTakeSuccessCount";

    public ChannelCounter(String name) {
        super("CHANNEL", name);
        gauge(CHANNEL_SIZE);
        gauge(CHANNEL_CAPACITY);
        for (String c : new String[] {PUT_ATTEMPT, PUT_SUCCESS, TAKE_ATTEMPT, TAKE_SUCCESS}) {
            counter(c);
        }
    }

    /** Flume reports the fill percentage as a double; the exact string lives in {@link #extraStrings()}. */
    public double fillPercentage() {
        long cap = get(CHANNEL_CAPACITY);
        return cap <= 0 ? 0.0 : (get(CHANNEL_SIZE) * 100.0) / cap;
    }

    @Override
    public Map<String, String> extraStrings() {
        return Map.of(FILL_PERCENTAGE, Double.toString(fillPercentage()));
    }
}
