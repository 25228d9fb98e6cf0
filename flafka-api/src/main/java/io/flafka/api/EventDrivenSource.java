package io.flafka.api;

/**
 * A source that owns its threads (sockets, servers, consumers) and calls the
 * {@link ChannelProcessor} from them. {@link #start(ChannelProcessor)} must return once listening.
 */
public interface EventDrivenSource extends Source {
}
