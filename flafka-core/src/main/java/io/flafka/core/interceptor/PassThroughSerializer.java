package io.flafka.core.interceptor;

/**
 * The {@code default} serializer of {@code regex_extractor}: the matched text itself. Stateless and
 * thread-safe.
 */
public final class PassThroughSerializer implements RegexExtractorSerializer {
    @Override
    public String serialize(String value) {
        return value;
    }
}
