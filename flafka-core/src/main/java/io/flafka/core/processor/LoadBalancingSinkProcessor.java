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
import io.flafka.core.util.RateLimitedLog;
import io.flafka.core.util.UserClasses;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spreads batches over the group's sinks, as Flume's {@code load_balance} processor does. Each
 * {@link #process()} orders the available sinks ({@code selector = round_robin}: rotating the starting
 * sink by one per call; {@code random}: a random permutation) and calls them in that order until one
 * succeeds; {@link EventDeliveryException} is thrown only when all fail. With {@code backoff = true} a
 * failed sink is left out for min({@code selector.maxTimeOut}, 2<sup>n</sup> × 1000 ms), n being its
 * consecutive failures; a success clears its count. {@code selector = <class name>} hands the order to a
 * {@link SinkSelector} (Flume's custom {@code AbstractSinkSelector}), which also hears of each failure and
 * success; {@code backoff = true} still leaves failed sinks out of its order.
 *
 * <p>As in Flume, the group runs on one runner thread, so this spreads load but does not add
 * parallelism (attach independent sinks to the channel for that). Called only from the group's runner
 * thread; not thread-safe and needs no locking. Nothing to stop (the runtime stops the sinks).
 */
public final class LoadBalancingSinkProcessor implements SinkProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(LoadBalancingSinkProcessor.class);

    static final ConfigKey<String> SELECTOR = ConfigKey.stringKey("selector").defaultValue("round_robin")
            .validator(LoadBalancingSinkProcessor::checkSelector)
            .doc("Order in which sinks are tried: round_robin, random, or the class name of a "
                    + "io.flafka.core.processor.SinkSelector (which gets the selector.* keys).").build();
    static final ConfigKey<Boolean> BACKOFF = ConfigKey.booleanKey("backoff").defaultValue(false)
            .doc("Leave a failed sink out for an exponentially growing time.").build();
    static final ConfigKey<Long> MAX_TIMEOUT = ConfigKey.longKey("selector.maxTimeOut").defaultValue(30_000L)
            .validator(Validators.atLeast(0)).doc("Longest time, in ms, a failed sink is left out.").build();
    private static final String SELECTOR_PREFIX = "selector.";
    static final ConfigDef DEF = ConfigDef.builder().keys(SELECTOR, BACKOFF, MAX_TIMEOUT)
            .prefix(SELECTOR_PREFIX, "Properties of a custom selector class, passed to it without the prefix.")
            .build();
    private static final java.util.regex.Pattern CLASS_NAME =
            java.util.regex.Pattern.compile("([\\p{L}_$][\\p{L}\\p{N}_$]*\\.)+[\\p{L}_$][\\p{L}\\p{N}_$]*");

    private final ComponentContext context;
    private final boolean random;
    // a custom selector class (processor.selector = FQCN), or null for round_robin / random
    private final SinkSelector custom;
    private final boolean backoff;
    private final long maxTimeout;
    private final LongSupplier clock;
    private final RateLimitedLog warn = new RateLimitedLog(LOG);
    private String[] names = new String[0];
    private Sink[] sinks = new Sink[0];
    private int[] failures = new int[0];
    private long[] outUntil = new long[0];
    private int next;

    LoadBalancingSinkProcessor(ComponentContext context, LongSupplier clock) {
        this.context = context;
        String selector = context.config().get(SELECTOR).trim();
        this.random = Validators.canonical(selector).equals("random");
        this.custom = CLASS_NAME.matcher(selector).matches() ? instantiate(context, selector) : null;
        this.backoff = context.config().get(BACKOFF);
        this.maxTimeout = context.config().get(MAX_TIMEOUT);
        this.clock = clock;
    }

    @Override
    public void initialize(Map<String, Sink> sinkMap) {
        if (sinkMap.isEmpty()) {
            throw new ConfigException(ConfigPaths.of(context, "type"), "the load_balance processor needs at least one sink");
        }
        List<String> keys = List.copyOf(sinkMap.keySet());
        names = keys.toArray(new String[0]);
        sinks = new Sink[names.length];
        for (int i = 0; i < names.length; i++) {
            sinks[i] = sinkMap.get(names[i]);
        }
        failures = new int[names.length];
        outUntil = new long[names.length];
        if (custom != null) {
            try {
                custom.configure(keys, context.config().subProperties(SELECTOR_PREFIX));
            } catch (IllegalArgumentException e) {
                throw new ConfigException(ConfigPaths.of(context, "selector"), custom.getClass().getName()
                        + " rejected its configuration: " + e.getMessage());
            }
        }
    }

    private static String checkSelector(String value) {
        String v = value.trim();
        if (v.equalsIgnoreCase("round_robin") || v.equalsIgnoreCase("random") || CLASS_NAME.matcher(v).matches()) {
            return null;
        }
        return "must be round_robin, random or the class name of a " + SinkSelector.class.getName();
    }

    /** The custom selector named by processor.selector, or a configuration error saying why not. */
    private static SinkSelector instantiate(ComponentContext context, String className) {
        return UserClasses.instantiate(ConfigPaths.of(context, "selector"), className, SinkSelector.class,
                "round_robin, random or ");
    }

    @Override
    public Status process() throws Exception {
        long now = clock.getAsLong();
        int[] order = custom != null ? customOrder(now) : order(now);
        if (order.length == 0) {
            throw new EventDeliveryException("every sink of the load_balance group is backed off after failures");
        }
        Exception last = null;
        for (int i : order) {
            try {
                Status status = sinks[i].process();
                failures[i] = 0;
                outUntil[i] = 0;
                if (custom != null) {
                    custom.succeeded(i);
                }
                return status;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw e;
            } catch (Exception e) {
                last = e;
                failed(i, e);
                if (custom != null) {
                    custom.failed(i, clock.getAsLong());
                }
            }
        }
        throw new EventDeliveryException("all sinks of the load_balance group failed", last);
    }

    /** The indexes of the sinks to try, in order; backed-off sinks are left out. */
    int[] order(long now) {
        int[] active = new int[sinks.length];
        int n = 0;
        for (int i = 0; i < sinks.length; i++) {
            if (outUntil[i] <= now) {
                active[n++] = i;
            }
        }
        int[] out = new int[n];
        if (n == 0) {
            return out;
        }
        if (random) {
            System.arraycopy(active, 0, out, 0, n);
            ThreadLocalRandom rnd = ThreadLocalRandom.current();
            for (int i = n - 1; i > 0; i--) {
                int j = rnd.nextInt(i + 1);
                int t = out[i];
                out[i] = out[j];
                out[j] = t;
            }
        } else {
            int start = Math.floorMod(next++, n);
            for (int i = 0; i < n; i++) {
                out[i] = active[(start + i) % n];
            }
        }
        return out;
    }

    /** The custom selector's order, checked, without the sinks this processor backed off. */
    private int[] customOrder(long now) {
        int[] proposed = custom.order(now);
        int[] out = new int[proposed.length];
        int n = 0;
        for (int i : proposed) {
            if (i < 0 || i >= sinks.length) {
                throw new IllegalStateException(custom.getClass().getName() + " returned sink index " + i + " for a "
                        + "group of " + sinks.length + " sinks");
            }
            if (outUntil[i] <= now) {
                out[n++] = i;
            }
        }
        return n == out.length ? out : java.util.Arrays.copyOf(out, n);
    }

    private void failed(int i, Exception e) {
        if (backoff) {
            failures[i]++;
            long penalty = Penalty.of(failures[i], maxTimeout);
            outUntil[i] = clock.getAsLong() + penalty;
            warn.warn("Sink {} failed ({} in a row); left out for {} ms: {}", names[i], failures[i], penalty,
                    e.toString());
        } else {
            warn.warn("Sink {} failed; trying the next sink: {}", names[i], e.toString());
        }
    }

    /** Makes {@link LoadBalancingSinkProcessor}s. */
    public static final class Provider implements ComponentProvider<SinkProcessor> {
        @Override
        public ComponentKind kind() {
            return ComponentKind.SINK_PROCESSOR;
        }

        @Override
        public String type() {
            return "load_balance";
        }

        @Override
        public Set<String> aliases() {
            return Set.of("org.apache.flume.sink.LoadBalancingSinkProcessor");
        }

        @Override
        public String description() {
            return "Spreads batches over the sinks (round_robin or random), skipping failed ones.";
        }

        @Override
        public ConfigDef configDef() {
            return DEF;
        }

        @Override
        public SinkProcessor create(ComponentContext context) {
            return new LoadBalancingSinkProcessor(context, System::currentTimeMillis);
        }
    }
}
