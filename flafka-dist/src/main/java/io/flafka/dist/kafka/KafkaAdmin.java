package io.flafka.dist.kafka;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The few broker questions the quickstart asks: is it up, create topics, how many records a topic holds.
 * Used from the command's thread only.
 */
public final class KafkaAdmin implements AutoCloseable {
    private final Admin admin;

    public KafkaAdmin(String bootstrapServers) {
        Map<String, Object> conf = new HashMap<>();
        conf.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        conf.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        conf.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000);
        // the broker may still be starting: retry quickly rather than after Kafka's default backoffs
        conf.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, 50);
        conf.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 500);
        conf.put(AdminClientConfig.RETRY_BACKOFF_MS_CONFIG, 50);
        this.admin = Admin.create(conf);
    }

    /**
     * Waits until the broker answers, for at most {@code timeout}; {@code alive} false (e.g. the broker
     * process died) ends the wait early.
     *
     * @throws IllegalStateException when the broker did not answer in time or {@code alive} turned false
     */
    public void awaitReady(Duration timeout, BooleanSupplier alive) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline && alive.getAsBoolean()) {
            try {
                if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            pause(200);
        }
        String why = alive.getAsBoolean() ? "did not answer within " + timeout.toSeconds() + " s" : "stopped";
        throw new IllegalStateException("the Kafka broker " + why
                + (last == null ? "" : " (last error: " + last.getMessage() + ")"));
    }

    /** Creates the topics that do not exist yet (replication factor 1) and waits until they have leaders. */
    public void ensureTopics(List<String> topics, int partitions, Duration timeout) {
        List<NewTopic> create = new ArrayList<>();
        for (String t : topics) {
            create.add(new NewTopic(t, partitions, (short) 1));
        }
        for (var e : admin.createTopics(create).values().entrySet()) {
            try {
                e.getValue().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException ex) {
                if (!(ex.getCause() instanceof TopicExistsException)) {
                    throw new IllegalStateException("cannot create topic " + e.getKey() + ": "
                            + ex.getCause().getMessage(), ex.getCause());
                }
            } catch (Exception ex) {
                throw new IllegalStateException("cannot create topic " + e.getKey() + ": " + ex, ex);
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!haveLeaders(topics)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("topics " + topics + " have no leader after " + timeout.toSeconds() + " s");
            }
            pause(100);
        }
    }

    /** The sum of the topic's partitions' end offsets: how many records were ever written to it. */
    public long endOffsets(String topic) throws Exception {
        TopicDescription d = admin.describeTopics(List.of(topic)).allTopicNames().get(30, TimeUnit.SECONDS).get(topic);
        Map<TopicPartition, OffsetSpec> request = new HashMap<>();
        for (TopicPartitionInfo p : d.partitions()) {
            request.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest());
        }
        long sum = 0;
        for (ListOffsetsResult.ListOffsetsResultInfo info
                : admin.listOffsets(request).all().get(30, TimeUnit.SECONDS).values()) {
            sum += info.offset();
        }
        return sum;
    }

    private boolean haveLeaders(List<String> topics) {
        try {
            for (TopicDescription d : admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS).values()) {
                for (TopicPartitionInfo p : d.partitions()) {
                    if (p.leader() == null) {
                        return false;
                    }
                }
            }
            return true;
        } catch (Exception e) {
            return false;
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for Kafka", e);
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
