package io.flafka.core.processor;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.EventDeliveryException;
import io.flafka.api.Sink;
import io.flafka.api.SinkProcessor;
import io.flafka.api.Status;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigException;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import io.flafka.core.interceptor.ConfigPaths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every batch through the best healthy sink, as Flume's {@code failover} processor does. Sinks
 * are ranked by {@code priority.<sink>} (higher first); sinks without a priority come after those with
 * one, and ties keep the configured order (Flume silently dropped a sink whose priority duplicated
 * another's; Flafka keeps it and logs a WARN).
 *
 * <p>Each {@link #process()} tries the sinks in rank order, skipping parked ones. A sink whose
 * {@code process()} throws is parked for min({@code maxpenalty}, 2<sup>n</sup> × 1000 ms), n being its
 * consecutive failures, and the next sink is tried in the same call. Once its penalty has expired a
 * parked sink is tried again first (if it outranks the others) and returns to service on success.
 * {@link EventDeliveryException} is thrown only when no sink delivered. A switch to another sink is
 * logged at WARN.
 *
 * <p>Called only from the group's runner thread; not thread-safe, and needs no locking. Nothing to
 * stop (the runtime stops the sinks).
 */
public final class FailoverSinkProcessor implements SinkProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(FailoverSinkProcessor.class);

    static final String PRIORITY_PREFIX = "priority.";
    static final ConfigKey<Long> MAX_PENALTY = ConfigKey.longKey("maxpenalty").defaultValue(30_000L)
            .validator(Validators.atLeast(0)).doc("Longest time, in ms, a failed sink is parked.").build();
    static final ConfigDef DEF = ConfigDef.builder().key(MAX_PENALTY)
            .prefix(PRIORITY_PREFIX, "priority.<sink> = an integer; the healthy sink with the highest one is used.")
            .build();

    private final ComponentContext context;
    private final long maxPenalty;
    private final LongSupplier clock;
    private List<Member> ranked = List.of();
    private Member current;

    /** One sink with its failover state. */
    static final class Member {
        final String name;
        final Sink sink;
        final int priority;
        int failures;
        long parkedUntil;

        Member(String name, Sink sink, int priority) {
            this.name = name;
            this.sink = sink;
            this.priority = priority;
        }
    }

    FailoverSinkProcessor(ComponentContext context, LongSupplier clock) {
        this.context = context;
        this.maxPenalty = context.config().get(MAX_PENALTY);
        this.clock = clock;
    }

    @Override
    public void initialize(Map<String, Sink> sinks) {
        Map<String, String> priorities = context.config().subProperties(PRIORITY_PREFIX);
        for (String name : priorities.keySet()) {
            if (!sinks.containsKey(name)) {
                throw new ConfigException(ConfigPaths.of(context, PRIORITY_PREFIX + name),
                        "sink '" + name + "' is not in the group " + sinks.keySet());
            }
        }
        List<Member> members = new ArrayList<>();
        Map<Integer, String> seen = new HashMap<>();
        for (Map.Entry<String, Sink> e : sinks.entrySet()) {
            String raw = priorities.get(e.getKey());
            int priority = Integer.MIN_VALUE;
            if (raw != null) {
                try {
                    priority = Integer.parseInt(raw.trim());
                } catch (NumberFormatException ex) {
                    throw new ConfigException(ConfigPaths.of(context, PRIORITY_PREFIX + e.getKey()),
                            "'" + raw + "' is not an integer");
                }
                String other = seen.putIfAbsent(priority, e.getKey());
                if (other != null) {
                    LOG.warn("{}: sinks {} and {} share priority {}; {} is preferred (configured first)",
                            ConfigPaths.of(context, PRIORITY_PREFIX + e.getKey()), other, e.getKey(), priority, other);
                }
            }
            members.add(new Member(e.getKey(), e.getValue(), priority));
        }
        if (members.isEmpty()) {
            throw new ConfigException(ConfigPaths.of(context, "type"), "the failover processor needs at least one sink");
        }
        // A stable sort keeps the configured order among equal priorities.
        members.sort(Comparator.comparingInt((Member m) -> m.priority).reversed());
        ranked = List.copyOf(members);
    }

    /** The sinks in rank order (for tests and diagnostics). */
    List<Member> ranked() {
        return ranked;
    }

    @Override
    public Status process() throws Exception {
        long now = clock.getAsLong();
        Exception last = null;
        boolean tried = false;
        for (Member m : ranked) {
            if (m.parkedUntil > now) {
                continue;
            }
            tried = true;
            try {
                Status status = m.sink.process();
                succeeded(m);
                return status;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw e;
            } catch (Exception e) {
                failed(m, e);
                last = e;
            }
        }
        if (!tried) {
            throw new EventDeliveryException("every sink of the failover group is parked after failures; "
                    + "next retry in " + (nextRetry() - now) + " ms");
        }
        throw new EventDeliveryException("all sinks of the failover group failed; nothing left to fail over to",
                last);
    }

    private long nextRetry() {
        long next = Long.MAX_VALUE;
        for (Member m : ranked) {
            next = Math.min(next, m.parkedUntil);
        }
        return next;
    }

    private void succeeded(Member m) {
        if (m.failures > 0) {
            LOG.info("Sink {} is back in service after {} failure(s)", m.name, m.failures);
            m.failures = 0;
            m.parkedUntil = 0;
        }
        if (current != m) {
            if (current != null) {
                LOG.warn("Failover: switched from sink {} to sink {}", current.name, m.name);
            }
            current = m;
        }
    }

    private void failed(Member m, Exception e) {
        m.failures++;
        long penalty = Penalty.of(m.failures, maxPenalty);
        m.parkedUntil = clock.getAsLong() + penalty;
        LOG.warn("Sink {} failed ({} in a row); parked for {} ms: {}", m.name, m.failures, penalty, e.toString());
    }

    /** Makes {@link FailoverSinkProcessor}s. */
    public static final class Provider implements ComponentProvider<SinkProcessor> {
        @Override
        public ComponentKind kind() {
            return ComponentKind.SINK_PROCESSOR;
        }

        @Override
        public String type() {
            return "failover";
        }

        @Override
        public Set<String> aliases() {
            return Set.of("org.apache.flume.sink.FailoverSinkProcessor");
        }

        @Override
        public String description() {
            return "Uses the highest-priority healthy sink; parks failed sinks with exponential back-off.";
        }

        @Override
        public ConfigDef configDef() {
            return DEF;
        }

        @Override
        public SinkProcessor create(ComponentContext context) {
            return new FailoverSinkProcessor(context, System::currentTimeMillis);
        }
    }
}
