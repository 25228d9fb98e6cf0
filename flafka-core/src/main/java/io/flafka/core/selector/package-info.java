/**
 * Flafka's channel selectors, Flume-compatible: {@code replicating} (the default), {@code multiplexing}
 * and {@code load_balancing}. Selectors are immutable after {@code initialize} and called on the
 * source's threads; they share the batch list with channels whenever every event takes the same route.
 */
package io.flafka.core.selector;
