package io.flafka.api;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;

/**
 * One event: a map of string headers and an opaque body, as in Flume.
 *
 * <p>Events are mutable so interceptors can rewrite them in place without copying; the header map is
 * created only when a header is first set, so header-less events cost one object plus the body. A source
 * may also defer its headers ({@link #of(byte[], DeferredHeaders)}): they are built when first read.
 * An event is owned by one thread at a time (the source, then a channel, then a sink) and changing it
 * is not thread-safe; reading it from several threads at once is (a replicating selector hands one event to
 * several channels, and deferred headers are built once, under the event's lock).
 *
 * <p>Flume's header names keep their meaning: {@code timestamp}, {@code host}, {@code topic},
 * {@code key}, {@code partition}, {@code offset}, ...
 */
public final class Event {
    private static final byte[] EMPTY = new byte[0];

    private HeaderMap headers;
    private byte[] body;
    /**
     * Headers still to be built; null once built (or when there were none). Volatile, and built under the
     * event's lock: a replicating selector hands one event to several channels, whose sinks may read its
     * headers at the same time, and reading must stay safe for them.
     */
    private volatile DeferredHeaders deferred;

    private Event(byte[] body, HeaderMap headers) {
        this.body = body == null ? EMPTY : body;
        this.headers = headers;
    }

    /** An event with this body and no headers. The array is not copied. */
    public static Event of(byte[] body) {
        return new Event(body, null);
    }

    /** An event with this body and a mutable copy of these headers. The body is not copied. */
    public static Event of(byte[] body, Map<String, String> headers) {
        return new Event(body, headers == null || headers.isEmpty() ? null : new HeaderMap(headers));
    }

    /**
     * An event with this body whose headers are built by {@code deferred} when first read or changed
     * (never, if nothing reads them). The body is not copied.
     */
    public static Event of(byte[] body, DeferredHeaders deferred) {
        Event e = new Event(body, null);
        e.deferred = deferred;
        return e;
    }

    /** An event whose body is the UTF-8 encoding of {@code text}. */
    public static Event ofString(String text) {
        return new Event(text.getBytes(StandardCharsets.UTF_8), null);
    }

    /** The body; never null. The array is shared, not copied. */
    public byte[] body() {
        return body;
    }

    /** Replaces the body; null means empty. */
    public void body(byte[] newBody) {
        this.body = newBody == null ? EMPTY : newBody;
    }

    /** The body decoded as UTF-8 (convenience for tests and text components). */
    public String bodyAsString() {
        return new String(body, StandardCharsets.UTF_8);
    }

    /** The mutable header map, created on first use. */
    public Map<String, String> headers() {
        if (deferred != null) {
            buildDeferred();
        }
        if (headers == null) {
            headers = new HeaderMap(8);
        }
        return headers;
    }

    /** Builds deferred headers before anything reads or changes the map (once, whichever thread asks first). */
    private synchronized void buildDeferred() {
        DeferredHeaders d = deferred;
        if (d == null) {
            return;
        }
        HeaderMap h = headers == null ? new HeaderMap(8) : headers;
        d.addTo(h);
        headers = h;
        deferred = null; // the volatile write publishes the map to readers that see null
    }

    /** True when at least one header is set; allocates only to build deferred headers. */
    public boolean hasHeaders() {
        if (deferred != null) {
            buildDeferred();
        }
        return headers != null && !headers.isEmpty();
    }

    /** The value of one header, or null; allocates only to build deferred headers. */
    public String header(String name) {
        if (deferred != null) {
            buildDeferred();
        }
        return headers == null ? null : headers.get(name);
    }

    /** Sets one header; a null value removes it. */
    public void header(String name, String value) {
        if (deferred != null) {
            buildDeferred();
        }
        if (value == null) {
            if (headers != null) {
                headers.remove(name);
            }
        } else {
            headers().put(name, value);
        }
    }

    /**
     * An estimate of the memory the event's payload takes: body bytes plus two bytes per header
     * character (deferred headers: their own estimate, without building them). Used by channels that bound
     * their size in bytes.
     */
    public long sizeInBytes() {
        long size = body.length;
        if (deferred != null) {
            size += deferred.sizeInBytes();
        }
        if (headers != null) {
            size += 2 * headers.chars();
        }
        return size;
    }

    /** A copy with its own header map; the body array is shared. */
    public Event copy() {
        if (deferred != null) {
            buildDeferred();
        }
        return Event.of(body, headers);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Event other)) {
            return false;
        }
        return java.util.Arrays.equals(body, other.body)
                && Objects.equals(hasHeaders() ? headers : Map.of(), other.hasHeaders() ? other.headers : Map.of());
    }

    @Override
    public int hashCode() {
        return java.util.Arrays.hashCode(body) * 31 + (hasHeaders() ? headers.hashCode() : 0);
    }

    @Override
    public String toString() {
        return "Event{headers=" + (hasHeaders() ? headers : "{}") + ", body.length=" + body.length + "}";
    }
}
