package io.flafka.core.interceptor;

import io.flafka.api.config.ConfigException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.time.temporal.TemporalQueries;
import java.util.Locale;
import java.util.Map;

/**
 * Parses the matched text as a date and time with {@code pattern} and yields epoch milliseconds, like
 * Flume's {@code RegexExtractorInterceptorMillisSerializer}. The pattern uses
 * {@link DateTimeFormatter} letters (the common ones, {@code yyyy-MM-dd HH:mm:ss.SSS Z}, mean what they
 * meant in Flume's Joda patterns), English month and day names, and the JVM's default time zone unless
 * the text carries a zone or offset. Missing fields default as in Flume: year 2000, January, day 1,
 * midnight. The formatter is built once. The last conversion is remembered, so a run of events
 * stamped with the same text (a batch of log lines from one second) is parsed once. Thread-safe: the
 * remembered pair is immutable and a stale one only costs a parse.
 */
public final class MillisSerializer implements RegexExtractorSerializer {
    private static final int DEFAULT_YEAR = 2000;

    private DateTimeFormatter formatter;
    private ZoneId zone = ZoneId.systemDefault();
    private Last last;

    private record Last(String text, String millis) {
    }

    /** For the class-name form; {@link #configure(Map)} must follow. */
    public MillisSerializer() {
    }

    MillisSerializer(String pattern, ZoneId zone) {
        this.formatter = build(pattern);
        this.zone = zone;
    }

    @Override
    public void configure(Map<String, String> properties) {
        String pattern = properties.get("pattern");
        if (pattern == null || pattern.isBlank()) {
            throw new ConfigException("pattern", "is required by the millis serializer (e.g. yyyy-MM-dd HH:mm)");
        }
        this.formatter = build(pattern.trim());
    }

    private static DateTimeFormatter build(String pattern) {
        try {
            return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(pattern)
                    .toFormatter(Locale.ENGLISH);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("pattern", "is not a valid date-time pattern: " + e.getMessage());
        }
    }

    @Override
    public String serialize(String value) {
        Last l = last;
        if (l != null && l.text.equals(value)) {
            return l.millis;
        }
        String millis = parse(value);
        last = new Last(value, millis);
        return millis;
    }

    private String parse(String value) {
        TemporalAccessor t = formatter.parse(value);
        if (t.isSupported(ChronoField.INSTANT_SECONDS)) {
            return Long.toString(Instant.from(t).toEpochMilli());
        }
        LocalDate date = t.query(TemporalQueries.localDate());
        if (date == null) {
            date = LocalDate.of(field(t, ChronoField.YEAR, DEFAULT_YEAR), field(t, ChronoField.MONTH_OF_YEAR, 1),
                    field(t, ChronoField.DAY_OF_MONTH, 1));
        }
        LocalTime time = t.query(TemporalQueries.localTime());
        ZoneId parsedZone = t.query(TemporalQueries.zone());
        ZonedDateTime at = ZonedDateTime.of(date, time == null ? LocalTime.MIDNIGHT : time,
                parsedZone == null ? zone : parsedZone);
        return Long.toString(at.toInstant().toEpochMilli());
    }

    private static int field(TemporalAccessor t, ChronoField f, int fallback) {
        return t.isSupported(f) ? t.get(f) : fallback;
    }
}
