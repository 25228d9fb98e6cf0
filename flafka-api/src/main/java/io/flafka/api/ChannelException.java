package io.flafka.api;

/** A channel operation failed; the transaction was (or must be) rolled back. */
public class ChannelException extends FlafkaException {
    private static final long serialVersionUID = 1L;

    public ChannelException(String message) {
        super(message);
    }

    public ChannelException(String message, Throwable cause) {
        super(message, cause);
    }
}
