package io.flafka.api;

import java.util.Map;

/**
 * Headers an {@link Event} builds only when something first reads or changes its headers. A source whose
 * headers are derived from data it already holds (a Kafka record's topic, partition, offset and timestamp)
 * hands this over instead of formatting strings that a pipeline may never read (a null or HDFS text sink).
 *
 * <p>Called on whichever thread first touches the event's headers (the source's, an interceptor's, a sink's),
 * at most once per event: an implementation must not depend on its source's mutable state.
 */
public interface DeferredHeaders {
    /** Adds the deferred headers to {@code headers}, which may already hold headers set before. */
    void addTo(Map<String, String> headers);

    /**
     * An estimate of what {@link #addTo} adds, in {@link Event#sizeInBytes()} terms (two bytes per header
     * character); channels that bound their size in bytes use it without building the headers.
     */
    long sizeInBytes();
}
