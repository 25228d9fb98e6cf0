/**
 * Flafka's built-in interceptors, Flume-compatible in names, keys and defaults: {@code timestamp},
 * {@code host}, {@code static}, {@code remove_header}, {@code uuid}, {@code search_replace},
 * {@code regex_filter} and {@code regex_extractor} (with its {@link
 * io.flafka.core.interceptor.RegexExtractorSerializer} SPI). Each class nests its
 * {@code ComponentProvider}. Interceptors run on the source's threads and are thread-safe; patterns are
 * compiled once, batches are rewritten in place, and an event that cannot be processed passes unchanged
 * and is counted.
 */
package io.flafka.core.interceptor;
