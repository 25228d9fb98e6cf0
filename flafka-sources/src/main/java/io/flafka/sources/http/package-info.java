/**
 * The HTTP source on the JDK's HTTP server: JSON and blob handlers, TLS, optional authentication,
 * a request size limit; one request is one channel transaction.
 */
package io.flafka.sources.http;
