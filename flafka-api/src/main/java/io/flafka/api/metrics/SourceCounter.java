package io.flafka.api.metrics;

/** Flume's source counters. */
public class SourceCounter extends CounterGroup {
    public static final String EVENT_RECEIVED = "EventReceivedCount";
    public static final String EVENT_ACCEPTED = "EventAcceptedCount";
    public static final String APPEND_RECEIVED = "AppendReceivedCount";
    public static final String APPEND_ACCEPTED = "AppendAcceptedCount";
    public static final String APPEND_BATCH_RECEIVED = "AppendBatchReceivedCount";
    public static final String APPEND_BATCH_ACCEPTED = "AppendBatchAcceptedCount";
    public static final String OPEN_CONNECTIONS = "OpenConnectionCount";
    public static final String EVENT_READ_FAIL = "EventReadFail";
    public static final String CHANNEL_WRITE_FAIL = "ChannelWriteFail";
    public static final String GENERIC_PROCESSING_FAIL = "GenericProcessingFail";

    public SourceCounter(String name) {
        super("SOURCE", name);
        for (String c : new String[] {EVENT_RECEIVED, EVENT_ACCEPTED, APPEND_RECEIVED, APPEND_ACCEPTED,
            APPEND_BATCH_RECEIVED, APPEND_BATCH_ACCEPTED, EVENT_READ_FAIL, CHANNEL_WRITE_FAIL,
            GENERIC_PROCESSING_FAIL}) {
            counter(c);
        }
        gauge(OPEN_CONNECTIONS);
    }

    public void eventsReceived(long n) {
        add(EVENT_RECEIVED, n);
    }

    public void eventsAccepted(long n) {
        add(EVENT_ACCEPTED, n);
    }
}
