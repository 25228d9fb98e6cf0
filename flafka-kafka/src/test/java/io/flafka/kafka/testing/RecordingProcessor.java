package io.flafka.kafka.testing;

import io.flafka.api.ChannelException;
import io.flafka.api.ChannelFullException;
import io.flafka.api.ChannelProcessor;
import io.flafka.api.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** Records accepted batches; can be switched to refuse batches as full or failing. */
public final class RecordingProcessor implements ChannelProcessor {
    /** How the next batches are answered. */
    public enum Mode { ACCEPT, FULL, FAIL }

    public final List<List<Event>> batches = new CopyOnWriteArrayList<>();
    public final AtomicInteger refused = new AtomicInteger();
    private volatile Mode mode = Mode.ACCEPT;

    public void mode(Mode m) {
        this.mode = m;
    }

    @Override
    public void processBatch(List<Event> events) {
        switch (mode) {
            case FULL -> {
                refused.incrementAndGet();
                throw new ChannelFullException("test channel full");
            }
            case FAIL -> {
                refused.incrementAndGet();
                throw new ChannelException("test channel failed");
            }
            default -> batches.add(new ArrayList<>(events));
        }
    }

    @Override
    public void process(Event event) {
        processBatch(new ArrayList<>(List.of(event)));
    }

    public List<Event> events() {
        List<Event> all = new ArrayList<>();
        batches.forEach(all::addAll);
        return all;
    }

    public int count() {
        int n = 0;
        for (List<Event> b : batches) {
            n += b.size();
        }
        return n;
    }
}
