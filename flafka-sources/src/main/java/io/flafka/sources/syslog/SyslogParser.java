package io.flafka.sources.syslog;

import io.flafka.api.Event;
import java.nio.charset.Charset;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses one syslog message (RFC 5424, or RFC 3164 / BSD) into an event with Flume's headers:
 * {@code Facility} and {@code Severity} from the priority, {@code timestamp} (epoch milliseconds) and
 * {@code host} when the header has them, {@code priority} and {@code version} when those fields are
 * kept, and {@code flume.syslog.status} = {@code Invalid} (no valid priority: the body is the whole
 * message) or {@code Incomplete} (cut at {@code eventSize}). The body is the message without the
 * priority, version, timestamp and host fields, except those named in {@code keepFields}
 * ({@code all} keeps the message untouched). Thread-safe and immutable.
 */
final class SyslogParser {
    static final String FACILITY = "Facility";
    static final String SEVERITY = "Severity";
    static final String TIMESTAMP = "timestamp";
    static final String HOST = "host";
    static final String PRIORITY = "priority";
    static final String VERSION = "version";
    static final String STATUS = "flume.syslog.status";
    static final String INVALID = "Invalid";
    static final String INCOMPLETE = "Incomplete";
    /** The field names keepFields may list. */
    static final List<String> FIELDS = List.of("priority", "version", "timestamp", "hostname");


    private final boolean keepAll;
    private final Set<String> keep;
    private final Clock clock;

    /**
     * @param keepFields {@code none}, {@code all} (also Flume's {@code true}/{@code false}), or field names
     */
    SyslogParser(List<String> keepFields, Clock clock) {
        this.clock = clock;
        List<String> lower = keepFields.stream().map(s -> s.toLowerCase(Locale.ROOT)).toList();
        this.keepAll = lower.contains("all") || lower.contains("true");
        this.keep = keepAll ? Set.copyOf(FIELDS) : Set.copyOf(lower.stream().filter(FIELDS::contains).toList());
    }

    Event parse(byte[] raw, Charset charset, boolean incomplete) {
        String msg = new String(raw, charset);
        Event e = parse(msg, raw, charset);
        if (incomplete) {
            e.header(STATUS, INCOMPLETE);
        }
        return e;
    }

    private Event parse(String msg, byte[] raw, Charset charset) {
        int close = msg.indexOf('>');
        int pri = -1;
        if (msg.startsWith("<") && close >= 2 && close <= 4) {
            pri = parsePriority(msg.substring(1, close));
        }
        if (pri < 0) {
            Event bad = Event.of(raw);
            bad.header(STATUS, INVALID);
            return bad;
        }
        Event e = Event.of(null);
        e.header(FACILITY, Integer.toString(pri / 8));
        e.header(SEVERITY, Integer.toString(pri % 8));
        StringBuilder body = new StringBuilder(msg.length());
        if (keep.contains("priority")) {
            e.header(PRIORITY, Integer.toString(pri));
            body.append(msg, 0, close + 1);
        }
        int p = close + 1;
        int versionEnd = versionEnd(msg, p);
        String rest;
        if (versionEnd > 0) {
            // RFC 5424: VERSION SP TIMESTAMP SP HOSTNAME SP ...
            String version = msg.substring(p, versionEnd);
            if (keep.contains("version")) {
                e.header(VERSION, version);
                body.append(msg, p, versionEnd + 1);
            }
            p = versionEnd + 1;
            int tsEnd = tokenEnd(msg, p);
            String ts = msg.substring(p, tsEnd);
            Long millis = ts.equals("-") ? null : iso(ts);
            if (millis != null) {
                e.header(TIMESTAMP, Long.toString(millis));
            }
            p = appendKept(msg, p, tsEnd, "timestamp", body);
            int hostEnd = tokenEnd(msg, p);
            String host = msg.substring(p, hostEnd);
            if (!host.isEmpty() && !host.equals("-")) {
                e.header(HOST, host);
            }
            p = appendKept(msg, p, hostEnd, "hostname", body);
            rest = msg.substring(Math.min(p, msg.length()));
        } else {
            // RFC 3164: TIMESTAMP SP HOSTNAME SP MSG, the timestamp as "Mmm dd hh:mm:ss" or ISO 8601
            Long millis = null;
            int tsEnd = -1;
            if (msg.length() >= p + 16 && msg.charAt(p + 15) == ' ') {
                millis = bsd(msg.substring(p, p + 15));
                tsEnd = p + 15;
            }
            if (millis == null) {
                int end = tokenEnd(msg, p);
                millis = end < msg.length() ? iso(msg.substring(p, end)) : null;
                tsEnd = end;
            }
            if (millis != null) {
                e.header(TIMESTAMP, Long.toString(millis));
                p = appendKept(msg, p, tsEnd, "timestamp", body);
                int hostEnd = tokenEnd(msg, p);
                if (hostEnd < msg.length()) {
                    e.header(HOST, msg.substring(p, hostEnd));
                    p = appendKept(msg, p, hostEnd, "hostname", body);
                }
            }
            rest = msg.substring(Math.min(p, msg.length()));
        }
        if (keepAll) {
            e.body(raw);
        } else {
            body.append(rest);
            e.body(body.toString().getBytes(charset));
        }
        return e;
    }

    /** Appends msg[from, to] plus the following space when the field is kept; returns the next field's start. */
    private int appendKept(String msg, int from, int to, String field, StringBuilder body) {
        int next = Math.min(to + 1, msg.length());
        if (keep.contains(field)) {
            body.append(msg, from, next);
        }
        return next;
    }

    private static int parsePriority(String digits) {
        if (digits.isEmpty() || (digits.length() > 1 && digits.charAt(0) == '0')) {
            return digits.equals("0") ? 0 : -1;
        }
        int v = 0;
        for (int i = 0; i < digits.length(); i++) {
            char c = digits.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v <= 191 ? v : -1;
    }

    /** The end of an RFC 5424 version (1-2 digits, not starting with 0, then a space) at p, or -1. */
    private static int versionEnd(String msg, int p) {
        int i = p;
        while (i < msg.length() && i - p < 3 && Character.isDigit(msg.charAt(i))) {
            i++;
        }
        if (i == p || i - p > 2 || msg.charAt(p) == '0' || i >= msg.length() || msg.charAt(i) != ' ') {
            return -1;
        }
        return i;
    }

    private static int tokenEnd(String msg, int p) {
        int sp = msg.indexOf(' ', p);
        return sp < 0 ? msg.length() : sp;
    }

    private static Long iso(String ts) {
        try {
            return OffsetDateTime.parse(ts).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** A BSD timestamp has no year: this year, or last year when that would be more than a month ahead. */
    private Long bsd(String ts) {
        ZoneId zone = clock.getZone();
        ZonedDateTime now = ZonedDateTime.now(clock);
        try {
            LocalDateTime t = LocalDateTime.parse(now.getYear() + " " + ts,
                    DateTimeFormatter.ofPattern("yyyy MMM ppd HH:mm:ss", Locale.ENGLISH));
            ZonedDateTime z = t.atZone(zone);
            if (z.isAfter(now.plusDays(31))) {
                z = z.minusYears(1);
            }
            return z.toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
