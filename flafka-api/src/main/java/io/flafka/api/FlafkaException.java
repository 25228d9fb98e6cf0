package io.flafka.api;

/** Root of Flafka's unchecked exceptions. */
public class FlafkaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public FlafkaException(String message) {
        super(message);
    }

    public FlafkaException(String message, Throwable cause) {
        super(message, cause);
    }
}
