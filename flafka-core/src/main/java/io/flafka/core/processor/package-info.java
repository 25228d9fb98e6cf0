/**
 * Flafka's sink processors, Flume-compatible: {@code default}, {@code failover} and
 * {@code load_balance}. A processor is driven by its group's single runner thread; time is injectable
 * so back-off can be tested without sleeping.
 */
package io.flafka.core.processor;
