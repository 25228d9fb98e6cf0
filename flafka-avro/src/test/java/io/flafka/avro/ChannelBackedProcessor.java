package io.flafka.avro;

import io.flafka.api.Channel;
import io.flafka.api.ChannelProcessor;
import io.flafka.api.Event;
import io.flafka.api.Transaction;
import java.util.List;

/** The smallest real processor: one put transaction per batch into one channel (no interceptors). */
final class ChannelBackedProcessor implements ChannelProcessor {
    private final Channel channel;

    ChannelBackedProcessor(Channel channel) {
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
