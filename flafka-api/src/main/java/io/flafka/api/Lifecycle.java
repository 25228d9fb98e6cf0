package io.flafka.api;

/** Start and stop hooks shared by channels, selectors, processors and interceptors. */
public interface Lifecycle {

    /** Acquires resources; called once, before first use. A thrown exception fails the component's start. */
    default void start() throws Exception {
    }

    /** Releases resources; called once. Must not throw and must return promptly. */
    default void stop() {
    }
}
