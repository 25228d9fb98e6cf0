package io.flafka.kafka.source;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.metrics.SourceCounter;
import io.flafka.kafka.testing.Components;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class OffsetCommitterTest {
    private static final TopicPartition TP = new TopicPartition("t", 0);

    /** Records what is sent; fails the async commits while {@code failAsync} is set. */
    private static final class Recording extends MockConsumer<String, byte[]> {
        final List<Map<TopicPartition, OffsetAndMetadata>> async = new ArrayList<>();
        final List<Map<TopicPartition, OffsetAndMetadata>> sync = new ArrayList<>();
        boolean failAsync;
        /** When set, async callbacks wait here instead of running (a commit in flight). */
        List<Runnable> held;

        Recording() {
            super("earliest");
        }

        @Override
        public synchronized void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets,
                OffsetCommitCallback callback) {
            async.add(Map.copyOf(offsets));
            Exception error = failAsync ? new TimeoutException("coordinator gone") : null;
            if (held != null) {
                held.add(() -> callback.onComplete(offsets, error));
            } else {
                callback.onComplete(offsets, error);
            }
        }

        @Override
        public synchronized void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets) {
            sync.add(Map.copyOf(offsets));
        }
    }

    private final SourceCounter counters = Components.context(new KafkaSourceProvider(), "r1",
            Map.of("kafka.bootstrap.servers", "localhost:1", "kafka.topics", "t")).counters(SourceCounter.class);
    private final OffsetCommitter committer = new OffsetCommitter("r1", counters, 0);
    private final Recording consumer = new Recording();

    private static ConsumerRecord<String, byte[]> record(long offset) {
        return new ConsumerRecord<>(TP.topic(), TP.partition(), offset, null, new byte[0]);
    }

    @Test
    void aFailedAsyncCommitIsCountedAndSentAgainByTheNextCommit() {
        consumer.failAsync = true;
        committer.markSafe(record(4));
        committer.commitAsync(consumer);
        assertThat(counters.get(KafkaSource.COMMIT_FAIL)).isEqualTo(1);

        consumer.failAsync = false;
        committer.commitAsync(consumer);   // nothing new, but the failed offset is retried
        assertThat(consumer.async).containsExactly(Map.of(TP, new OffsetAndMetadata(5)),
                Map.of(TP, new OffsetAndMetadata(5)));
        assertThat(counters.get(KafkaSource.COMMIT_FAIL)).isEqualTo(1);

        committer.commitAsync(consumer);   // confirmed: nothing to send
        committer.commitAllSync(consumer);
        assertThat(consumer.async).hasSize(2);
        assertThat(consumer.sync).isEmpty();
    }

    @Test
    void theSyncCommitCoversEverySafeOffsetNotConfirmed() {
        consumer.failAsync = true;
        committer.markSafe(record(9));
        committer.commitAsync(consumer);
        committer.commitAllSync(consumer);
        assertThat(consumer.sync).containsExactly(Map.of(TP, new OffsetAndMetadata(10)));
        assertThat(counters.get(KafkaSource.COMMIT_FAIL)).isEqualTo(1);
    }

    @Test
    void onlyOffsetsMarkedSafeAreCommitted() {
        committer.commitAsync(consumer);
        committer.commitAllSync(consumer);
        assertThat(consumer.async).isEmpty();
        assertThat(consumer.sync).isEmpty();
        committer.markSafe(record(2));
        committer.markSafe(record(1));   // never goes back
        committer.commitAsync(consumer);
        assertThat(consumer.async).containsExactly(Map.of(TP, new OffsetAndMetadata(3)));
    }

    @Test
    void withinTheIntervalOffsetsWaitForALaterCommitAndStopCommitsThemAll() {
        OffsetCommitter slow = new OffsetCommitter("r1", counters, 60_000);
        slow.markSafe(record(0));
        slow.commitAsync(consumer);   // the first commit goes at once
        slow.markSafe(record(1));
        slow.commitAsync(consumer);   // within the interval: waits
        assertThat(consumer.async).containsExactly(Map.of(TP, new OffsetAndMetadata(1)));
        slow.commitAllSync(consumer);
        assertThat(consumer.sync).containsExactly(Map.of(TP, new OffsetAndMetadata(2)));
    }

    @Test
    void whileACommitIsInFlightTheNextOneWaitsAndCarriesTheLatestOffsets() {
        consumer.held = new ArrayList<>();
        committer.markSafe(record(0));
        committer.commitAsync(consumer);
        committer.markSafe(record(1));
        committer.commitAsync(consumer);
        committer.markSafe(record(2));
        committer.commitAsync(consumer);
        assertThat(consumer.async).containsExactly(Map.of(TP, new OffsetAndMetadata(1)));

        consumer.held.remove(0).run();
        committer.commitAsync(consumer);
        assertThat(consumer.async).containsExactly(Map.of(TP, new OffsetAndMetadata(1)),
                Map.of(TP, new OffsetAndMetadata(3)));

        // at stop the sync commit does not wait for the async one: it covers everything not confirmed
        committer.commitAllSync(consumer);
        assertThat(consumer.sync).containsExactly(Map.of(TP, new OffsetAndMetadata(3)));
    }
}
