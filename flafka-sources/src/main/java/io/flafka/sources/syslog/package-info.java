/**
 * The syslog sources: TCP (one or several ports, optional TLS, newline or octet-counted framing) and
 * UDP, parsing RFC 3164 and RFC 5424 into Flume's headers.
 */
package io.flafka.sources.syslog;
