package io.flafka.api;

/**
 * A put could not find room in the channel within its keep-alive. This is back-pressure, not an
 * error: the source should keep its events and retry later.
 */
public class ChannelFullException extends ChannelException {
    private static final long serialVersionUID = 1L;

    public ChannelFullException(String message) {
        super(message);
    }
}
