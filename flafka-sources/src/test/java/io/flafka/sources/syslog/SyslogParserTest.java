package io.flafka.sources.syslog;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.Event;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import org.junit.jupiter.api.Test;

class SyslogParserTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T00:00:00Z"), ZoneOffset.UTC);
    private static final String RFC5424 = "<34>1 2003-10-11T22:14:15.003Z mymachine.example.com su - ID47 - "
            + "'su root' failed for lonvick on /dev/pts/8";

    private static Event parse(String msg, String... keep) {
        return new SyslogParser(keep.length == 0 ? List.of("none") : List.of(keep), CLOCK)
                .parse(msg.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, false);
    }

    @Test
    void rfc5424() {
        Event e = parse(RFC5424);
        assertThat(e.headers()).containsEntry("Facility", "4").containsEntry("Severity", "2")
                .containsEntry("timestamp", "1065910455003").containsEntry("host", "mymachine.example.com")
                .doesNotContainKeys("priority", "version", "flume.syslog.status");
        assertThat(e.bodyAsString()).isEqualTo("su - ID47 - 'su root' failed for lonvick on /dev/pts/8");
    }

    @Test
    void rfc5424WithOffsetAndNilTimestamp() {
        Event e = parse("<165>1 2003-08-24T05:14:15.000003-07:00 192.0.2.1 myproc 8710 - - %% It's time");
        assertThat(e.header("timestamp")).isEqualTo(Long.toString(Instant.parse("2003-08-24T12:14:15Z").toEpochMilli()));
        assertThat(e.header("host")).isEqualTo("192.0.2.1");
        assertThat(e.headers()).containsEntry("Facility", "20").containsEntry("Severity", "5");
        Event nil = parse("<14>1 - - app - - - hello");
        assertThat(nil.headers()).doesNotContainKeys("timestamp", "host");
        assertThat(nil.bodyAsString()).isEqualTo("app - - - hello");
    }

    @Test
    void rfc3164() {
        Event e = parse("<13>Feb  5 17:32:18 10.0.0.99 Use the BFG!");
        assertThat(e.headers()).containsEntry("Facility", "1").containsEntry("Severity", "5")
                .containsEntry("host", "10.0.0.99")
                .containsEntry("timestamp", Long.toString(ZonedDateTime.parse("2026-02-05T17:32:18Z").toInstant()
                        .toEpochMilli()));
        assertThat(e.bodyAsString()).isEqualTo("Use the BFG!");
        Event lastYear = parse("<13>Dec 31 23:59:59 host msg");
        assertThat(lastYear.header("timestamp")).isEqualTo(Long.toString(
                ZonedDateTime.parse("2025-12-31T23:59:59Z").toInstant().toEpochMilli()));
        Event iso = parse("<13>2026-02-05T17:32:18.5+01:00 web1 started");
        assertThat(iso.header("host")).isEqualTo("web1");
        assertThat(iso.bodyAsString()).isEqualTo("started");
    }

    @Test
    void keepFields() {
        assertThat(parse(RFC5424, "all").bodyAsString()).isEqualTo(RFC5424);
        assertThat(parse(RFC5424, "true").bodyAsString()).isEqualTo(RFC5424);
        Event some = parse(RFC5424, "priority", "hostname");
        assertThat(some.bodyAsString()).isEqualTo("<34>mymachine.example.com su - ID47 - 'su root' failed for "
                + "lonvick on /dev/pts/8");
        assertThat(some.headers()).containsEntry("priority", "34").doesNotContainKey("version");
        Event version = parse(RFC5424, "version", "timestamp");
        assertThat(version.header("version")).isEqualTo("1");
        assertThat(version.bodyAsString()).startsWith("1 2003-10-11T22:14:15.003Z su - ID47");
        assertThat(parse("<13>Feb  5 17:32:18 h m", "timestamp").bodyAsString()).isEqualTo("Feb  5 17:32:18 m");
    }

    @Test
    void malformedMessagesAreFlaggedNotDropped() {
        for (String bad : new String[] {"no priority at all", "<999>too big", "<x>letters", "<>empty", "<13", ""}) {
            Event e = parse(bad);
            assertThat(e.header("flume.syslog.status")).as(bad).isEqualTo("Invalid");
            assertThat(e.bodyAsString()).isEqualTo(bad);
            assertThat(e.headers()).doesNotContainKeys("Facility", "Severity");
        }
        Event noHeader = parse("<13>just a message");
        assertThat(noHeader.headers()).containsEntry("Severity", "5").doesNotContainKeys("timestamp", "host",
                "flume.syslog.status");
        assertThat(noHeader.bodyAsString()).isEqualTo("just a message");
        Event cut = new SyslogParser(List.of("none"), CLOCK).parse("<13>abc".getBytes(StandardCharsets.UTF_8),
                StandardCharsets.UTF_8, true);
        assertThat(cut.header("flume.syslog.status")).isEqualTo("Incomplete");
    }
}
