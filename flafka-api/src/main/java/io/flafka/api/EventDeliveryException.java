package io.flafka.api;

/** A sink (or source) could not deliver a batch; the events remain where they were and are retried. */
public class EventDeliveryException extends FlafkaException {
    private static final long serialVersionUID = 1L;

    public EventDeliveryException(String message) {
        super(message);
    }

    public EventDeliveryException(String message, Throwable cause) {
        super(message, cause);
    }
}
