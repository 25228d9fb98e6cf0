package io.flafka.api;

import java.util.List;

/**
 * Inspects, rewrites or drops events between a source and its channels. Interceptors of a source
 * form a chain and run inside {@link ChannelProcessor#processBatch(List)}, on the source's thread.
 * An interceptor is called by several threads when its source is event-driven, so it must be
 * thread-safe.
 */
public interface Interceptor extends Lifecycle {

    /** Rewrites one event in place or returns a replacement; returns null to drop it. */
    Event intercept(Event event);

    /**
     * Intercepts a batch. The default calls {@link #intercept(Event)} for each event and removes the
     * dropped ones, in place. The returned list may be the argument itself.
     */
    default List<Event> intercept(List<Event> events) {
        int out = 0;
        for (int i = 0, n = events.size(); i < n; i++) {
            Event e = intercept(events.get(i));
            if (e != null) {
                events.set(out++, e);
            }
        }
        if (out < events.size()) {
            events.subList(out, events.size()).clear();
        }
        return events;
    }

    /**
     * Flume's builder pattern for user interceptors: a class named in {@code type} that implements
     * this interface (with a public no-argument constructor) is configured, then asked to build.
     */
    interface Builder extends Configurable {
        /** Builds a configured interceptor. */
        Interceptor build();
    }
}
