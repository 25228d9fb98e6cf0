package io.flafka.hdfs;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A path (or file prefix) with Flume's escapes, parsed once: {@code %{header}}, {@code %t},
 * {@code %s}, the strftime-like time letters, {@code %[localhost]}, {@code %[IP]}, {@code %[FQDN]}
 * and {@code %%}. Host names are looked up once, when the template is built, never per event.
 *
 * <p>Formatting a whole template is done only when {@link BucketPathCache} misses, i.e. once per
 * (header values, time bucket). Immutable and thread-safe.
 */
final class EscapeTemplate {
    /** The time letters Flume accepts after {@code %}. */
    static final String TIME_LETTERS = "aAbBcdDeHIjkmMnpsSyYz";

    /** Resolution a template needs from its timestamp. */
    enum Resolution { NONE, MILLIS, SECONDS, MINUTES }

    private sealed interface Part permits Literal, Header, TimeField { }

    private record Literal(String text) implements Part { }

    private record Header(int index) implements Part { }

    private record TimeField(char letter) implements Part { }

    private final String source;
    private final List<Part> parts;
    private final List<String> headerNames;
    private final Resolution resolution;

    private EscapeTemplate(String source, List<Part> parts, List<String> headerNames, Resolution resolution) {
        this.source = source;
        this.parts = parts;
        this.headerNames = headerNames;
        this.resolution = resolution;
    }

    /**
     * Parses a template.
     *
     * @param hosts resolves the {@code %[...]} names; called once per distinct name
     * @throws IllegalArgumentException naming the first bad escape
     */
    static EscapeTemplate parse(String text, HostNames hosts) {
        List<Part> parts = new ArrayList<>();
        Set<String> headers = new LinkedHashSet<>();
        List<String> headerList = new ArrayList<>();
        StringBuilder lit = new StringBuilder();
        Resolution res = Resolution.NONE;
        int i = 0;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c != '%') {
                lit.append(c);
                i++;
                continue;
            }
            if (i + 1 >= text.length()) {
                throw new IllegalArgumentException("'%' at the end of '" + text + "' escapes nothing (write %% for %)");
            }
            char n = text.charAt(i + 1);
            if (n == '%') {
                lit.append('%');
                i += 2;
            } else if (n == '{' || n == '[') {
                char close = n == '{' ? '}' : ']';
                int end = text.indexOf(close, i + 2);
                if (end < 0) {
                    throw new IllegalArgumentException("unclosed %" + n + " in '" + text + "'");
                }
                String name = text.substring(i + 2, end);
                if (name.isEmpty()) {
                    throw new IllegalArgumentException("empty %" + n + close + " in '" + text + "'");
                }
                if (n == '[') {
                    lit.append(hosts.resolve(name));
                } else {
                    flush(lit, parts);
                    if (headers.add(name)) {
                        headerList.add(name);
                    }
                    parts.add(new Header(headerList.indexOf(name)));
                }
                i = end + 1;
            } else if (n == 't') {
                flush(lit, parts);
                parts.add(new TimeField('t'));
                res = Resolution.MILLIS;
                i += 2;
            } else if (TIME_LETTERS.indexOf(n) >= 0) {
                flush(lit, parts);
                parts.add(new TimeField(n));
                Resolution need = "sSc".indexOf(n) >= 0 ? Resolution.SECONDS : Resolution.MINUTES;
                res = max(res, need);
                i += 2;
            } else {
                throw new IllegalArgumentException("unknown escape %" + n + " in '" + text + "'");
            }
        }
        flush(lit, parts);
        return new EscapeTemplate(text, List.copyOf(parts), List.copyOf(headerList), res);
    }

    private static Resolution max(Resolution a, Resolution b) {
        if (a == Resolution.MILLIS || b == Resolution.MILLIS) {
            return Resolution.MILLIS;
        }
        if (a == Resolution.SECONDS || b == Resolution.SECONDS) {
            return Resolution.SECONDS;
        }
        if (a == Resolution.MINUTES || b == Resolution.MINUTES) {
            return Resolution.MINUTES;
        }
        return Resolution.NONE;
    }

    private static void flush(StringBuilder lit, List<Part> parts) {
        if (!lit.isEmpty()) {
            parts.add(new Literal(lit.toString()));
            lit.setLength(0);
        }
    }

    /** The header names the template reads, in first-use order. */
    List<String> headerNames() {
        return headerNames;
    }

    /** True when any time escape is used (so events need a timestamp). */
    boolean usesTime() {
        return resolution != Resolution.NONE;
    }

    Resolution resolution() {
        return resolution;
    }

    /** True when the template has no escapes at all. */
    boolean isStatic() {
        return parts.stream().allMatch(p -> p instanceof Literal);
    }

    /** The text before the first escape (host escapes count as text: they are constant). */
    String staticPrefix() {
        return parts.isEmpty() ? "" : parts.get(0) instanceof Literal l ? l.text() : "";
    }

    /**
     * Formats the template.
     *
     * @param headerValues the values of {@link #headerNames()}, in order (null means empty)
     * @param exactMillis the event's timestamp, for {@code %t}
     * @param roundedMillis the timestamp after rounding, for every other time escape
     */
    String format(String[] headerValues, long exactMillis, long roundedMillis, ZoneId zone, Locale locale) {
        StringBuilder out = new StringBuilder(source.length() + 32);
        ZonedDateTime time = null;
        for (Part p : parts) {
            if (p instanceof Literal l) {
                out.append(l.text());
            } else if (p instanceof Header h) {
                String v = headerValues[h.index()];
                if (v != null) {
                    out.append(v);
                }
            } else if (p instanceof TimeField f) {
                if (f.letter() == 't') {
                    out.append(exactMillis);
                    continue;
                }
                if (time == null) {
                    time = Instant.ofEpochMilli(roundedMillis).atZone(zone);
                }
                appendTime(out, f.letter(), time, roundedMillis, locale);
            }
        }
        return out.toString();
    }

    private static void appendTime(StringBuilder out, char letter, ZonedDateTime t, long millis, Locale locale) {
        switch (letter) {
            case 'a' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, locale));
            case 'A' -> out.append(t.getDayOfWeek().getDisplayName(TextStyle.FULL, locale));
            case 'b' -> out.append(t.getMonth().getDisplayName(TextStyle.SHORT, locale));
            case 'B' -> out.append(t.getMonth().getDisplayName(TextStyle.FULL, locale));
            case 'c' -> {
                // Flume's "EEE MMM d HH:mm:ss yyyy"
                out.append(t.getDayOfWeek().getDisplayName(TextStyle.SHORT, locale)).append(' ')
                        .append(t.getMonth().getDisplayName(TextStyle.SHORT, locale)).append(' ')
                        .append(t.getDayOfMonth()).append(' ');
                pad2(out, t.getHour()).append(':');
                pad2(out, t.getMinute()).append(':');
                pad2(out, t.getSecond()).append(' ').append(t.getYear());
            }
            case 'd' -> pad2(out, t.getDayOfMonth());
            case 'D' -> {
                pad2(out, t.getMonthValue()).append('/');
                pad2(out, t.getDayOfMonth()).append('/');
                pad2(out, Math.floorMod(t.getYear(), 100));
            }
            case 'e' -> out.append(t.getDayOfMonth());
            case 'H' -> pad2(out, t.getHour());
            case 'I' -> pad2(out, t.getHour() % 12 == 0 ? 12 : t.getHour() % 12);
            case 'j' -> {
                int d = t.getDayOfYear();
                out.append(d < 10 ? "00" : d < 100 ? "0" : "").append(d);
            }
            case 'k' -> out.append(t.getHour());
            case 'm' -> pad2(out, t.getMonthValue());
            case 'M' -> pad2(out, t.getMinute());
            case 'n' -> out.append(t.getMonthValue());
            case 'p' -> out.append(t.getHour() < 12 ? "AM" : "PM");
            case 's' -> out.append(Math.floorDiv(millis, 1000L));
            case 'S' -> pad2(out, t.getSecond());
            case 'y' -> pad2(out, Math.floorMod(t.getYear(), 100));
            case 'Y' -> out.append(t.getYear());
            case 'z' -> {
                int secs = t.getOffset().getTotalSeconds();
                out.append(secs < 0 ? '-' : '+');
                int abs = Math.abs(secs) / 60;
                pad2(out, abs / 60);
                pad2(out, abs % 60);
            }
            default -> throw new IllegalStateException("unparsed escape %" + letter);
        }
    }

    private static StringBuilder pad2(StringBuilder out, int v) {
        if (v < 10) {
            out.append('0');
        }
        return out.append(v);
    }

    @Override
    public String toString() {
        return source;
    }

    /** Resolves {@code %[localhost]}, {@code %[IP]} and {@code %[FQDN]}. */
    interface HostNames {
        String resolve(String name);

        /** The machine's names, looked up lazily and at most once each. */
        static HostNames system() {
            return new HostNames() {
                private final Map<String, String> cache = new java.util.concurrent.ConcurrentHashMap<>();

                @Override
                public String resolve(String name) {
                    return cache.computeIfAbsent(name.toLowerCase(Locale.ROOT), HostNames::lookup);
                }
            };
        }

        private static String lookup(String lowerName) {
            try {
                InetAddress local = InetAddress.getLocalHost();
                return switch (lowerName) {
                    case "localhost" -> local.getHostName();
                    case "ip" -> local.getHostAddress();
                    case "fqdn" -> local.getCanonicalHostName();
                    default -> throw new IllegalArgumentException("unknown host escape %[" + lowerName
                            + "]; use %[localhost], %[IP] or %[FQDN]");
                };
            } catch (UnknownHostException e) {
                throw new IllegalArgumentException("cannot resolve this machine's name for %[" + lowerName + "]: "
                        + e.getMessage(), e);
            }
        }
    }
}
