package io.flafka.sources.http;

import io.flafka.api.Event;
import java.util.List;
import java.util.Map;

/**
 * Flume's {@code BlobHandler}: the whole request body is one event, and the query parameters become
 * its headers. A body longer than {@code handler.maxBlobLength} is refused with 413.
 */
final class BlobEventDecoder implements HttpEventDecoder {
    private final long maxBlobLength;

    BlobEventDecoder(long maxBlobLength) {
        this.maxBlobLength = maxBlobLength;
    }

    long maxBlobLength() {
        return maxBlobLength;
    }

    @Override
    public List<Event> decode(String contentType, Map<String, String> query, byte[] body)
            throws BadRequestException {
        if (body.length > maxBlobLength) {
            throw new BadRequestException(413, "body longer than handler.maxBlobLength (" + maxBlobLength + " bytes)");
        }
        return List.of(Event.of(body, query));
    }
}
