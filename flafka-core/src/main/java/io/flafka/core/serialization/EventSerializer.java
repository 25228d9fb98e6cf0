package io.flafka.core.serialization;

import io.flafka.api.Event;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;

/**
 * Writes events to one output stream (a file being rolled, an HDFS stream). Used by the sink's
 * thread only; not thread-safe. The sink owns the stream: the serializer never closes it.
 *
 * <p>Call order for one file: {@link #afterCreate()} once for a new file (or {@link #afterReopen()}
 * when appending to an existing one), {@link #write(Event)} per event, {@link #flush()} per batch,
 * {@link #beforeClose()} once before the sink closes the stream.
 */
public interface EventSerializer {

    /** Writes the file header, if the format has one. */
    default void afterCreate() throws IOException {
    }

    /** Prepares to append to an existing file; only called when {@link #supportsReopen()}. */
    default void afterReopen() throws IOException {
    }

    /** Writes one event. */
    void write(Event event) throws IOException;

    /** Pushes buffered bytes to the stream (called once per batch, before the sink flushes the stream). */
    default void flush() throws IOException {
    }

    /** Writes the file footer, if the format has one. */
    default void beforeClose() throws IOException {
    }

    /** True when appending to a file written earlier keeps it valid. */
    default boolean supportsReopen() {
        return true;
    }

    /**
     * Makes serializers of one format. Thread-safe and stateless.
     */
    interface Factory {

        /** The canonical name users write ({@code TEXT}, {@code HEADER_AND_TEXT}). */
        String name();

        /**
         * Creates a serializer over {@code out}.
         *
         * @param options the serializer's keys with the {@code serializer.} prefix stripped, e.g.
         *     {@code appendNewline}
         * @throws io.flafka.api.config.ConfigException when an option is invalid
         */
        EventSerializer create(OutputStream out, Map<String, String> options);
    }
}
