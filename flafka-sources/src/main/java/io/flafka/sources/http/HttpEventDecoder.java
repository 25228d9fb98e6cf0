package io.flafka.sources.http;

import io.flafka.api.Event;
import java.util.List;
import java.util.Map;

/**
 * Turns one HTTP request into events (Flume's {@code HTTPSourceHandler}). Implementations are
 * stateless and called concurrently from the server's request threads.
 */
interface HttpEventDecoder {
    /**
     * @param contentType the Content-Type header, or null
     * @param query the decoded query parameters
     * @param body the request body, already within the size limits
     * @throws BadRequestException when the body is malformed; its message is sent back with a 400
     */
    List<Event> decode(String contentType, Map<String, String> query, byte[] body) throws BadRequestException;
}
