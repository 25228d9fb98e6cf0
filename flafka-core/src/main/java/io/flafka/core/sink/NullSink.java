package io.flafka.core.sink;

import io.flafka.api.Event;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import io.flafka.api.metrics.SinkCounter;
import java.util.List;

/**
 * Takes events and discards them (Flume's {@code null} sink), counting exactly what it drained.
 * Runs on the sink's runner thread; {@code stop()} has nothing to unblock.
 */
public final class NullSink extends AbstractBatchSink {
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.intKey("batchSize").defaultValue(100)
            .validator(Validators.atLeast(1)).doc("Events taken and discarded per transaction.").build();
    public static final ConfigDef CONFIG_DEF = ConfigDef.builder().key(BATCH_SIZE)
            .batchSizeKey(BATCH_SIZE.name()).build();

    public NullSink(String name, int batchSize, SinkCounter counter) {
        super(name, batchSize, counter);
    }

    @Override
    protected void deliver(List<Event> events) {
        // discarding is the delivery
    }
}
