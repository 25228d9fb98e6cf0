package com.example.flafka;

import io.flafka.api.ComponentContext;
import io.flafka.api.Event;
import io.flafka.api.Interceptor;
import io.flafka.api.config.ConfigException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Scores card transactions in flight, in the spirit of the original Flafka fraud demo.
 *
 * <p>Input bodies are {@code uuid|card|yyyy-MM-dd HH:mm:ss|amount|store}. The interceptor adds:
 * <ul>
 *   <li>{@code fraud.score}: 0-100, higher is more suspicious: a large amount, a card seen at another
 *       store moments ago, and an amount far above the card's running average all add to it;</li>
 *   <li>{@code card}, {@code store}, {@code amount}: fields copied to headers for routing.</li>
 * </ul>
 * Lines that do not parse keep flowing with {@code fraud.status=unparsed} (never dropped silently).
 *
 * <p>Configure with {@code type = com.example.flafka.FraudScoreInterceptor$Builder}, keys
 * {@code amountThreshold} (default 1000) and {@code headerName} (default {@code fraud.score}).
 * Interceptors of event-driven sources run on many threads, so the per-card state is concurrent.
 */
public final class FraudScoreInterceptor implements Interceptor {
    private final double amountThreshold;
    private final String headerName;
    private final Map<String, CardState> cards = new ConcurrentHashMap<>();

    FraudScoreInterceptor(double amountThreshold, String headerName) {
        this.amountThreshold = amountThreshold;
        this.headerName = headerName;
    }

    @Override
    public Event intercept(Event event) {
        String[] f = new String(event.body(), StandardCharsets.UTF_8).trim().split("\\|");
        double amount;
        try {
            amount = f.length == 5 ? Double.parseDouble(f[3]) : Double.NaN;
        } catch (NumberFormatException e) {
            amount = Double.NaN;
        }
        if (Double.isNaN(amount)) {
            event.header("fraud.status", "unparsed");
            return event;
        }
        String card = f[1];
        String store = f[4];
        CardState state = cards.computeIfAbsent(card, c -> new CardState());
        int score;
        synchronized (state) {
            score = state.score(amount, store, amountThreshold);
            state.record(amount, store);
        }
        event.header("card", card);
        event.header("store", store);
        event.header("amount", f[3]);
        event.header(headerName, Integer.toString(score));
        return event;
    }

    @Override
    public List<Event> intercept(List<Event> events) {
        for (Event e : events) {
            intercept(e);
        }
        return events;
    }

    /** Running state of one card. Guarded by its own monitor. */
    private static final class CardState {
        private long count;
        private double total;
        private String lastStore;

        int score(double amount, String store, double threshold) {
            int s = 0;
            if (amount >= threshold) {
                s += 50;
            }
            if (lastStore != null && !lastStore.equals(store)) {
                s += 30;
            }
            if (count >= 3 && amount > 5 * (total / count)) {
                s += 20;
            }
            return Math.min(100, s);
        }

        void record(double amount, String store) {
            count++;
            total += amount;
            lastStore = store;
        }
    }

    /** Flume's builder pattern: named in {@code type}, configured, then asked to build. */
    public static final class Builder implements Interceptor.Builder {
        private double amountThreshold = 1000;
        private String headerName = "fraud.score";

        @Override
        public void configure(ComponentContext context) {
            String threshold = context.config().getString("amountThreshold", "1000");
            try {
                amountThreshold = Double.parseDouble(threshold.trim());
            } catch (NumberFormatException e) {
                throw new ConfigException(context.qualifiedName() + ".amountThreshold",
                        "'" + threshold + "' is not a number");
            }
            headerName = context.config().getString("headerName", "fraud.score");
        }

        @Override
        public Interceptor build() {
            return new FraudScoreInterceptor(amountThreshold, headerName);
        }
    }
}
