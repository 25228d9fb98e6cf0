package io.flafka.hdfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.api.Event;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EscapeTemplateTest {
    private static final EscapeTemplate.HostNames HOSTS = n -> switch (n.toLowerCase(Locale.ROOT)) {
        case "localhost" -> "h1";
        case "ip" -> "192.0.2.7";
        case "fqdn" -> "h1.example.org";
        default -> throw new IllegalArgumentException("unknown host escape %[" + n + "]");
    };
    // 2024-03-05T07:08:09.123 in UTC+05:30 (Kolkata): a half-hour offset zone
    private static final ZoneId ZONE = ZoneId.of("Asia/Kolkata");
    private static final long TS = ZonedDateTime.of(2024, 3, 5, 7, 8, 9, 123_000_000, ZONE).toInstant().toEpochMilli();

    private static String format(String template, long ts, String... headers) {
        EscapeTemplate t = EscapeTemplate.parse(template, HOSTS);
        return t.format(headers, ts, ts, ZONE, Locale.ENGLISH);
    }

    @Test
    void everyTimeEscape() {
        assertThat(format("%Y|%y|%m|%n|%d|%e|%H|%k|%I|%M|%S|%j|%a|%A|%b|%B|%p|%z", TS))
                .isEqualTo("2024|24|03|3|05|5|07|7|07|08|09|065|Tue|Tuesday|Mar|March|AM|+0530");
        assertThat(format("%c", TS)).isEqualTo("Tue Mar 5 07:08:09 2024");
        assertThat(format("%D", TS)).isEqualTo("03/05/24");
        assertThat(format("%s", TS)).isEqualTo(Long.toString(TS / 1000));
        assertThat(format("%t", TS)).isEqualTo(Long.toString(TS));
        long pm = ZonedDateTime.of(2024, 12, 31, 23, 59, 0, 0, ZONE).toInstant().toEpochMilli();
        assertThat(format("%I %p %j %k", pm)).isEqualTo("11 PM 366 23");
        long midnight = ZonedDateTime.of(2024, 1, 1, 0, 5, 0, 0, ZONE).toInstant().toEpochMilli();
        assertThat(format("%I%p %k", midnight)).isEqualTo("12AM 0");
    }

    @Test
    void headersHostsAndLiterals() {
        assertThat(format("/a/%{topic}/%{missing}/x%%y/%[localhost]/%[IP]/%[FQDN]/%{topic}", TS, "clicks", null))
                .isEqualTo("/a/clicks//x%y/h1/192.0.2.7/h1.example.org/clicks");
        EscapeTemplate t = EscapeTemplate.parse("hdfs://nn:8020/data/%{a}/%Y/%{b}", HOSTS);
        assertThat(t.headerNames()).containsExactly("a", "b");
        assertThat(t.staticPrefix()).isEqualTo("hdfs://nn:8020/data/");
        assertThat(t.usesTime()).isTrue();
        assertThat(EscapeTemplate.parse("/data/%[localhost]/x", HOSTS).isStatic()).isTrue();
    }

    @Test
    void badEscapesAreRefused() {
        assertThatThrownBy(() -> EscapeTemplate.parse("/a/%Q", HOSTS)).hasMessageContaining("unknown escape %Q");
        assertThatThrownBy(() -> EscapeTemplate.parse("/a/%{x", HOSTS)).hasMessageContaining("unclosed");
        assertThatThrownBy(() -> EscapeTemplate.parse("/a/%", HOSTS)).hasMessageContaining("escapes nothing");
        assertThatThrownBy(() -> EscapeTemplate.parse("/a/%[host]", HOSTS)).hasMessageContaining("%[host]");
    }

    @Test
    void formatsOncePerBucketAndHeaderValues() throws Exception {
        BucketPathCache cache = new BucketPathCache(EscapeTemplate.parse("/d/%Y%m%d/%H%M/%{k}", HOSTS),
                BucketPathCache.Rounding.NONE, ZONE, false, () -> 0L);
        String first = null;
        for (int i = 0; i < 1000; i++) {
            // 1000 events over 50 seconds of the same minute, two header values
            Event e = Event.of(new byte[0], Map.of("timestamp", Long.toString(TS - 9_000 + i * 50L),
                    "k", i % 2 == 0 ? "x" : "y"));
            String p = cache.resolve(e);
            if (i == 0) {
                first = p;
            }
        }
        assertThat(first).isEqualTo("/d/20240305/0708/x");
        assertThat(cache.formatCount()).isEqualTo(2);
        Event nextMinute = Event.of(new byte[0], Map.of("timestamp", Long.toString(TS + 60_000), "k", "x"));
        assertThat(cache.resolve(nextMinute)).isEqualTo("/d/20240305/0709/x");
        assertThat(cache.formatCount()).isEqualTo(3);
    }

    @Test
    void roundsDownOnTheZonesWallClock() throws Exception {
        BucketPathCache hours = new BucketPathCache(EscapeTemplate.parse("%H:%M", HOSTS),
                new BucketPathCache.Rounding(ChronoUnit.HOURS, 6), ZONE, true, () -> TS);
        assertThat(hours.resolve(Event.ofString("x"))).isEqualTo("06:00");
        BucketPathCache minutes = new BucketPathCache(EscapeTemplate.parse("%H:%M:%S %t", HOSTS),
                new BucketPathCache.Rounding(ChronoUnit.MINUTES, 5), ZONE, true, () -> TS);
        // %t is never rounded
        assertThat(minutes.resolve(Event.ofString("x"))).isEqualTo("07:05:00 " + TS);
        BucketPathCache seconds = new BucketPathCache(EscapeTemplate.parse("%M:%S", HOSTS),
                new BucketPathCache.Rounding(ChronoUnit.SECONDS, 15), ZONE, true, () -> TS);
        assertThat(seconds.resolve(Event.ofString("x"))).isEqualTo("08:00");
    }

    @Test
    void timeEscapesNeedATimestampHeaderUnlessLocalTimeIsUsed() {
        BucketPathCache cache = new BucketPathCache(EscapeTemplate.parse("/%Y", HOSTS), BucketPathCache.Rounding.NONE,
                ZONE, false, () -> TS);
        assertThatThrownBy(() -> cache.resolve(Event.ofString("x")))
                .isInstanceOf(BucketPathCache.MissingTimestampException.class)
                .hasMessageContaining("hdfs.useLocalTimeStamp");
        assertThatThrownBy(() -> cache.resolve(Event.of(new byte[0], Map.of("timestamp", "soon"))))
                .hasMessageContaining("not epoch milliseconds");
        // hdfs.missingTimestamp = localTime: the same event by the sink's clock, rounded like any other
        assertThat(cache.resolveByLocalTime(Event.ofString("x"))).isEqualTo(
                "/" + java.time.Instant.ofEpochMilli(TS).atZone(ZONE).getYear());
    }
}
