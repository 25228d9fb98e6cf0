package io.flafka.kafka.avro;

/** Bytes that are not a binary-encoded {@code AvroFlumeEvent}. */
public class MalformedEventException extends Exception {
    private static final long serialVersionUID = 1L;

    public MalformedEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
