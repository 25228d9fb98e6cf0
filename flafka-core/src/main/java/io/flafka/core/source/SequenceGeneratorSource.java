package io.flafka.core.source;

import io.flafka.api.ChannelProcessor;
import io.flafka.api.Event;
import io.flafka.api.PollableSource;
import io.flafka.api.Status;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import io.flafka.api.metrics.SourceCounter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Generates events whose bodies are the decimal counter 0, 1, 2, ... (Flume's {@code seq}), for
 * testing pipelines. Each {@code process()} offers one batch; a batch the processor refuses is offered
 * again with the same bodies, so the channel sees every number exactly once and in order. After
 * {@code totalEvents} it only returns BACKOFF.
 *
 * <p>Threading: {@code process()} runs on the source's runner thread only; {@code stop()} has nothing
 * to unblock (the runner interrupts a {@code process()} waiting in the processor).
 */
public final class SequenceGeneratorSource implements PollableSource {
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.intKey("batchSize").defaultValue(1)
            .validator(Validators.atLeast(1)).doc("Events per batch handed to the channels.").build();
    public static final ConfigKey<Long> TOTAL_EVENTS = ConfigKey.longKey("totalEvents").defaultValue(Long.MAX_VALUE)
            .validator(Validators.atLeast(0)).doc("How many events to generate before stopping.").build();
    public static final ConfigDef CONFIG_DEF = ConfigDef.builder().key(BATCH_SIZE).key(TOTAL_EVENTS)
            .batchSizeKey(BATCH_SIZE.name()).build();

    private final int batchSize;
    private final long totalEvents;
    private final SourceCounter counter;
    private final List<Event> batch;
    private volatile ChannelProcessor processor;
    /** The first number not yet committed. */
    private long next;
    /** End (exclusive) of the batch being offered; equal to {@code next} when none is pending. */
    private long pendingEnd;

    public SequenceGeneratorSource(int batchSize, long totalEvents, SourceCounter counter) {
        this.batchSize = batchSize;
        this.totalEvents = totalEvents;
        this.counter = counter;
        this.batch = new ArrayList<>(Math.min(batchSize, 10_000));
    }

    @Override
    public void start(ChannelProcessor channelProcessor) {
        this.processor = channelProcessor;
        counter.markStarted();
    }

    @Override
    public void stop() {
        counter.markStopped();
    }

    @Override
    public Status process() {
        ChannelProcessor p = processor;
        if (p == null) {
            throw new IllegalStateException("seq source is not started");
        }
        if (pendingEnd == next) {
            if (next >= totalEvents) {
                return Status.BACKOFF;
            }
            pendingEnd = next + Math.min(batchSize, totalEvents - next);
            counter.eventsReceived(pendingEnd - next);
        }
        // rebuilt on every attempt: interceptors may have rewritten the events of a refused attempt
        batch.clear();
        for (long i = next; i < pendingEnd; i++) {
            batch.add(Event.of(Long.toString(i).getBytes(StandardCharsets.US_ASCII)));
        }
        p.processBatch(batch);
        next = pendingEnd;
        batch.clear();
        return Status.READY;
    }
}
