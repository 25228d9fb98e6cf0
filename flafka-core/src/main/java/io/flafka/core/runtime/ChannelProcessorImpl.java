package io.flafka.core.runtime;

import io.flafka.core.util.RateLimitedLog;
import io.flafka.api.Channel;
import io.flafka.api.ChannelException;
import io.flafka.api.ChannelProcessor;
import io.flafka.api.ChannelSelector;
import io.flafka.api.Event;
import io.flafka.api.Interceptor;
import io.flafka.api.PreparedBatch;
import io.flafka.api.Transaction;
import io.flafka.api.metrics.SourceCounter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source's way into its channels: runs the interceptor chain, routes with the selector, then commits
 * one put transaction per required channel, in order, and writes optional channels best effort.
 *
 * <p>Counting (shared with every source): the source counts what it received; this processor adds the
 * number of events handed in to {@code EventAcceptedCount} once every required channel committed,
 * increments {@code ChannelWriteFail} when a required channel fails (and rethrows its exception
 * unchanged) and {@value #OPTIONAL_CHANNEL_WRITE_FAIL} when an optional one does (never thrown).
 *
 * <p>A failing interceptor fails the batch, not the pipeline: the exception is caught per batch, logged
 * at WARN (rate-limited), counted as {@code GenericProcessingFail}, and a {@link ChannelException}
 * naming the interceptor is thrown so the source keeps its events and retries. An interceptor that
 * fails on every attempt therefore stalls its source (loudly) rather than silently dropping events.
 *
 * <p>{@link #prepareBatch} runs the interceptors and opens and fills one put transaction per required
 * channel on the caller's thread; the returned batch commits them, in order, on whichever thread calls
 * it. {@link #processBatch} does both at once.
 *
 * <p>When a required channel fails, later required channels are not attempted (fewer duplicates on
 * retry); channels that committed earlier in the batch will see the events again when the source
 * retries, as in Flume. Thread-safe: event-driven sources call it from many threads.
 */
public final class ChannelProcessorImpl implements ChannelProcessor {
    private static final Logger LOG = LoggerFactory.getLogger(ChannelProcessorImpl.class);

    /** Counter of failed writes to optional channels, in the source's group. */
    public static final String OPTIONAL_CHANNEL_WRITE_FAIL = "OptionalChannelWriteFail";

    private final String sourceName;
    private final Interceptor[] interceptors;
    private final String[] interceptorNames;
    private final ChannelSelector selector;
    private final Map<String, Channel> channels;
    private final SourceCounter counter;
    private final RateLimitedLog interceptorWarn = new RateLimitedLog(LOG, 10_000);
    private final RateLimitedLog optionalWarn = new RateLimitedLog(LOG, 10_000);

    /**
     * @param sourceName for logs
     * @param interceptorNames the chain's names, parallel to {@code interceptors}
     * @param interceptors the chain, in order (started)
     * @param selector the selector, initialized with {@code channels} and started
     * @param channels the source's channels by name
     * @param counter the source's counters
     */
    public ChannelProcessorImpl(String sourceName, List<String> interceptorNames, List<Interceptor> interceptors,
                                ChannelSelector selector, Map<String, Channel> channels, SourceCounter counter) {
        if (interceptorNames.size() != interceptors.size()) {
            throw new IllegalArgumentException("one name per interceptor");
        }
        this.sourceName = sourceName;
        this.interceptors = interceptors.toArray(new Interceptor[0]);
        this.interceptorNames = interceptorNames.toArray(new String[0]);
        this.selector = selector;
        this.channels = Map.copyOf(channels);
        this.counter = counter;
    }

    @Override
    public void process(Event event) {
        List<Event> one = new ArrayList<>(1);
        one.add(event);
        processBatch(one);
    }

    @Override
    public void processBatch(List<Event> events) {
        if (!events.isEmpty()) {
            prepareBatch(events).commit();
        }
    }

    @Override
    public PreparedBatch prepareBatch(List<Event> events) {
        int handedIn = events.size();
        List<Event> batch = handedIn == 0 ? List.of() : intercept(events);
        if (batch.isEmpty()) {
            return new Prepared(handedIn, new String[0], new int[0], new Transaction[0], Map.of());
        }
        ChannelSelector.Routing routing = selector.route(batch);
        Map<String, List<Event>> required = routing.required();
        String[] names = new String[required.size()];
        int[] sizes = new int[required.size()];
        Transaction[] txs = new Transaction[required.size()];
        int open = 0;
        String current = null;
        int n = 0;
        try {
            for (Map.Entry<String, List<Event>> e : required.entrySet()) {
                List<Event> list = e.getValue();
                if (list.isEmpty()) {
                    continue;
                }
                current = e.getKey();
                n = list.size();
                Transaction tx = channel(current).begin();
                names[open] = current;
                sizes[open] = n;
                txs[open++] = tx;
                tx.put(list);
            }
        } catch (RuntimeException e) {
            for (int i = 0; i < open; i++) {
                closeQuietly(txs[i]);
            }
            throw writeFailed(current, n, e);
        }
        return new Prepared(handedIn, Arrays.copyOf(names, open), Arrays.copyOf(sizes, open), Arrays.copyOf(txs, open),
                routing.optional());
    }

    /** The required channels' open put transactions of one batch, committed in order. */
    private final class Prepared implements PreparedBatch {
        private final int handedIn;
        private final String[] names;
        private final int[] sizes;
        private final Transaction[] txs;
        private final Map<String, List<Event>> optional;
        private boolean done;

        Prepared(int handedIn, String[] names, int[] sizes, Transaction[] txs, Map<String, List<Event>> optional) {
            this.handedIn = handedIn;
            this.names = names;
            this.sizes = sizes;
            this.txs = txs;
            this.optional = optional;
        }

        @Override
        public void commit() {
            commit(null);
        }

        @Override
        public void commit(Runnable onOrdered) {
            settle();
            for (int i = 0; i < txs.length; i++) {
                try {
                    if (onOrdered != null && i == txs.length - 1) {
                        txs[i].commit(onOrdered);   // the earlier channels are committed already
                        onOrdered = null;
                    } else {
                        txs[i].commit();
                    }
                } catch (RuntimeException e) {
                    // later required channels are not attempted: fewer duplicates when the source retries
                    for (int j = i; j < txs.length; j++) {
                        closeQuietly(txs[j]);
                    }
                    throw writeFailed(names[i], sizes[i], e);
                }
            }
            if (onOrdered != null) {
                onOrdered.run();   // nothing was routed to a required channel
            }
            for (Map.Entry<String, List<Event>> e : optional.entrySet()) {
                writeOptional(e.getKey(), e.getValue());
            }
            counter.add(SourceCounter.EVENT_ACCEPTED, handedIn);
        }

        @Override
        public void abort() {
            settle();
            for (Transaction tx : txs) {
                closeQuietly(tx);
            }
        }

        private void settle() {
            if (done) {
                throw new IllegalStateException("prepared batch already committed or aborted");
            }
            done = true;
        }
    }

    /** Counts a failed required channel and says which one failed (a ChannelException passes unchanged). */
    private ChannelException writeFailed(String name, int n, RuntimeException e) {
        counter.increment(SourceCounter.CHANNEL_WRITE_FAIL);
        if (e instanceof ChannelException ce) {
            return ce;
        }
        return new ChannelException("Channel '" + name + "' failed a put of " + n + " events from source '"
                + sourceName + "': " + e, e);
    }

    private static void closeQuietly(Transaction tx) {
        try {
            tx.close();
        } catch (RuntimeException e) {
            LOG.debug("rolling back a put transaction failed too", e);
        }
    }

    private List<Event> intercept(List<Event> events) {
        List<Event> batch = events;
        for (int i = 0; i < interceptors.length; i++) {
            try {
                batch = interceptors[i].intercept(batch);
            } catch (RuntimeException | LinkageError e) {
                counter.increment(SourceCounter.GENERIC_PROCESSING_FAIL);
                String msg = "Interceptor '" + interceptorNames[i] + "' of source '" + sourceName + "' failed on a batch of "
                        + events.size() + " events; the batch is not delivered and the source will retry it";
                interceptorWarn.warn("{}", msg, e);
                throw new ChannelException(msg + ": " + e, e);
            }
            if (batch == null || batch.isEmpty()) {
                return List.of();
            }
        }
        return batch;
    }

    private void writeOptional(String name, List<Event> list) {
        if (list.isEmpty()) {
            return;
        }
        try {
            try (Transaction tx = channel(name).begin()) {
                tx.put(list);
                tx.commit();
            }
        } catch (RuntimeException e) {
            counter.increment(OPTIONAL_CHANNEL_WRITE_FAIL);
            optionalWarn.warn("Optional channel '{}' of source '{}' dropped {} events", name, sourceName, list.size(),
                    e);
        }
    }

    private Channel channel(String name) {
        Channel ch = channels.get(name);
        if (ch == null) {
            throw new ChannelException("Selector of source '" + sourceName + "' routed to unknown channel '" + name
                    + "'; the source's channels are " + channels.keySet());
        }
        return ch;
    }
}
