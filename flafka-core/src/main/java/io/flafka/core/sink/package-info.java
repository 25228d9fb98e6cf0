/**
 * Flafka's basic sinks: {@code logger}, {@code null} and {@code file_roll}. All share
 * {@link io.flafka.core.sink.AbstractBatchSink}: one {@code process()} takes one batch in one
 * transaction, delivers it and commits only after delivery; a failure rolls back so the events stay
 * in the channel.
 */
package io.flafka.core.sink;
