package io.flafka.kafka.sink;

/** An event the sink will not send as configured; the whole batch fails and stays in the channel. */
final class RejectedEventException extends Exception {
    private static final long serialVersionUID = 1L;

    /** Why an event was refused. */
    enum Reason { TOPIC_LOOP, BAD_PARTITION }

    private final Reason reason;

    RejectedEventException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    Reason reason() {
        return reason;
    }
}
