package io.flafka.sources.spooldir;

import io.flafka.api.Event;
import java.io.Closeable;
import java.io.IOException;
import java.util.List;

/**
 * Turns one spooled file into events, from a resumable mark. Implementations: {@link LineDeserializer},
 * {@link AvroContainerDeserializer}, {@link BlobDeserializer}. Used only by the source's runner thread.
 */
interface SpoolDeserializer extends Closeable {
    /** Where reading stands: a byte offset, and for record formats the records to skip after it. */
    record Mark(long pos, long skip) {
        static final Mark START = new Mark(0, 0);
    }

    /**
     * Reads up to {@code max} events after the current mark; an empty list means the end of the file.
     *
     * @throws java.nio.charset.CharacterCodingException when the input does not decode and the policy is FAIL
     */
    List<Event> read(int max) throws IOException;

    /** The mark just after the events read so far; persisted once they are committed. */
    Mark mark();
}
