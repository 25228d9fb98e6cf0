package io.flafka.kafka.testing;

import io.flafka.api.Channel;
import io.flafka.api.ChannelProcessor;
import io.flafka.api.Event;
import io.flafka.api.Transaction;
import java.util.List;

/** A ChannelProcessor that puts each batch into one channel in one transaction (no interceptors). */
public final class ChannelWriter implements ChannelProcessor {
    private final Channel channel;

    public ChannelWriter(Channel channel) {
        this.channel = channel;
    }

    @Override
    public void processBatch(List<Event> events) {
        try (Transaction tx = channel.begin()) {
            tx.put(events);
            tx.commit();
        }
    }

    @Override
    public void process(Event event) {
        processBatch(List.of(event));
    }
}
