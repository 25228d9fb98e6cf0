/**
 * The end-to-end benchmark: a Kafka broker in a child JVM, the raw Kafka clients as the baseline, and
 * in-process Flafka agents built from Flume-style properties, each run verified for lost and duplicated
 * events. Entry point: {@link io.flafka.bench.e2e.BenchmarkRunner}.
 */
package io.flafka.bench.e2e;
