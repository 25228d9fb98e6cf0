package io.flafka.core.sink;

import io.flafka.api.Event;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import io.flafka.api.metrics.SinkCounter;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs each event at INFO (Flume's {@code logger} sink): its headers and a hex and text dump of the
 * first {@code maxBytesToLog} body bytes. For debugging, not throughput. Runs on the sink's runner
 * thread; {@code stop()} has nothing to unblock.
 */
public final class LoggerSink extends AbstractBatchSink {
    private static final Logger LOG = LoggerFactory.getLogger(LoggerSink.class);

    public static final ConfigKey<Integer> MAX_BYTES_TO_LOG = ConfigKey.intKey("maxBytesToLog").defaultValue(16)
            .validator(Validators.atLeast(0)).doc("How many body bytes are dumped per event.").build();
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.intKey("batchSize").defaultValue(100)
            .validator(Validators.atLeast(1))
            .doc("Events taken per transaction (Flafka addition; Flume's logger sink took one at a time).").build();
    public static final ConfigDef CONFIG_DEF = ConfigDef.builder().key(MAX_BYTES_TO_LOG).key(BATCH_SIZE)
            .batchSizeKey(BATCH_SIZE.name()).build();

    private final int maxBytesToLog;
    private final Logger log;

    public LoggerSink(String name, int batchSize, int maxBytesToLog, SinkCounter counter) {
        this(name, batchSize, maxBytesToLog, counter, LOG);
    }

    LoggerSink(String name, int batchSize, int maxBytesToLog, SinkCounter counter, Logger log) {
        super(name, batchSize, counter);
        this.maxBytesToLog = maxBytesToLog;
        this.log = log;
    }

    @Override
    protected void deliver(List<Event> events) {
        if (!log.isInfoEnabled()) {
            return;
        }
        for (int i = 0, n = events.size(); i < n; i++) {
            log.info("Event: {}", EventDump.dump(events.get(i), maxBytesToLog));
        }
    }
}
