/**
 * JMH micro-benchmarks of hot paths (channels, interceptor chains). Performance is measured here and in the
 * end-to-end scenario runner, never in unit tests.
 */
package io.flafka.bench;
