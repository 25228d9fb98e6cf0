package io.flafka.hdfs;

import io.flafka.api.Event;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Turns an event into its bucket (the escaped {@code hdfs.path/hdfs.filePrefix}), formatting the
 * template only once per (header values, time bucket): the last result is reused without any
 * allocation when the next event has the same values, and up to {@value #MAX_ENTRIES} recent buckets
 * are kept in an LRU map. The time bucket is the timestamp truncated to the finest unit the template
 * uses (milliseconds only with {@code %t}, else seconds or minutes), after {@code hdfs.round}.
 *
 * <p>Used by the sink's runner thread only; not thread-safe.
 */
final class BucketPathCache {
    static final int MAX_ENTRIES = 1024;

    /** Thrown when a time escape is used and the event has no usable {@code timestamp} header. */
    static final class MissingTimestampException extends Exception {
        MissingTimestampException(String message) {
            super(message, null, false, false);
        }
    }

    /** Rounding of the time escapes ({@code hdfs.round}); {@code null} unit means no rounding. */
    record Rounding(ChronoUnit unit, int value) {
        static final Rounding NONE = new Rounding(null, 1);
    }

    private record Key(long bucket, List<String> headerValues) { }

    private final EscapeTemplate template;
    private final Rounding rounding;
    private final ZoneId zone;
    private final boolean useLocalTimeStamp;
    private final LongSupplier clock;
    private final Locale locale = Locale.getDefault(Locale.Category.FORMAT);
    private final long granularity;
    private final String[] headerNames;
    private final String[] values;
    // the one bucket of a template without escapes, else null
    private final String fixed;
    private final Map<Key, String> cache = new LinkedHashMap<>(64, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<Key, String> eldest) {
            return size() > MAX_ENTRIES;
        }
    };

    // last lookup, reused allocation-free when the next event falls into the same bucket
    private String[] lastValues;
    private long lastBucket = Long.MIN_VALUE;
    private String lastResult;
    private long misses;

    BucketPathCache(EscapeTemplate template, Rounding rounding, ZoneId zone, boolean useLocalTimeStamp,
                    LongSupplier clock) {
        this.template = template;
        this.rounding = rounding == null ? Rounding.NONE : rounding;
        this.zone = zone;
        this.useLocalTimeStamp = useLocalTimeStamp;
        this.clock = clock;
        this.headerNames = template.headerNames().toArray(new String[0]);
        this.values = new String[headerNames.length];
        this.granularity = switch (template.resolution()) {
            case NONE -> Long.MAX_VALUE;
            case MILLIS -> 1L;
            case SECONDS -> 1000L;
            // whole minutes are exact in every time zone in use, so minute buckets are safe for any pattern
            case MINUTES -> 60_000L;
        };
        if (template.isStatic()) {
            misses++;
            fixed = template.format(values, 0L, 0L, zone, locale);
        } else {
            fixed = null;
        }
    }

    /**
     * The bucket of every event when the template has no escapes (then a batch needs no per-event
     * lookup), else null.
     */
    String fixedBucket() {
        return fixed;
    }

    /** The bucket of this event. */
    String resolve(Event event) throws MissingTimestampException {
        return resolve(event, template.usesTime() ? timestamp(event) : 0L);
    }

    /**
     * The bucket of this event by the sink's clock instead of its {@code timestamp} header (after
     * {@link #resolve} threw, under {@code hdfs.missingTimestamp = localTime}).
     */
    String resolveByLocalTime(Event event) {
        return resolve(event, template.usesTime() ? clock.getAsLong() : 0L);
    }

    private String resolve(Event event, long ts) {
        if (fixed != null) {
            return fixed;
        }
        for (int i = 0; i < headerNames.length; i++) {
            values[i] = event.header(headerNames[i]);
        }
        long bucket = template.usesTime() ? Math.floorDiv(ts, granularity) : 0L;
        if (lastResult != null && bucket == lastBucket && Arrays.equals(values, lastValues)) {
            return lastResult;
        }
        Key key = new Key(bucket, Arrays.asList(values.clone()));
        String result = cache.get(key);
        if (result == null) {
            misses++;
            long representative = granularity == 1L ? ts : bucket * granularity;
            result = template.format(values, ts, round(representative), zone, locale);
            cache.put(key, result);
        }
        lastValues = values.clone();
        lastBucket = bucket;
        lastResult = result;
        return result;
    }

    /** How many times the template was formatted (for tests of the caching). */
    long formatCount() {
        return misses;
    }

    private long timestamp(Event event) throws MissingTimestampException {
        if (useLocalTimeStamp) {
            return clock.getAsLong();
        }
        String v = event.header("timestamp");
        if (v == null) {
            throw new MissingTimestampException("the path '" + template + "' uses time escapes but the event has no "
                    + "'timestamp' header (add a timestamp interceptor or set hdfs.useLocalTimeStamp = true)");
        }
        try {
            return Long.parseLong(v.trim());
        } catch (NumberFormatException e) {
            throw new MissingTimestampException("the event's 'timestamp' header '" + v + "' is not epoch milliseconds");
        }
    }

    /** Rounds down as Flume does: seconds and minutes on the epoch, hours on the zone's wall clock. */
    long round(long millis) {
        ChronoUnit unit = rounding.unit();
        if (unit == null) {
            return millis;
        }
        int v = rounding.value();
        ZonedDateTime t = Instant.ofEpochMilli(millis).atZone(zone);
        ZonedDateTime r = switch (unit) {
            case SECONDS -> t.truncatedTo(ChronoUnit.SECONDS).withSecond(t.getSecond() - t.getSecond() % v);
            case MINUTES -> t.truncatedTo(ChronoUnit.MINUTES).withMinute(t.getMinute() - t.getMinute() % v);
            case HOURS -> t.truncatedTo(ChronoUnit.HOURS).withHour(t.getHour() - t.getHour() % v);
            default -> throw new IllegalStateException("unsupported round unit " + unit);
        };
        return r.toInstant().toEpochMilli();
    }
}
