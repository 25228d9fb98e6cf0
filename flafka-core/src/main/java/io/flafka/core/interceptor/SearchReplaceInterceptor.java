package io.flafka.core.interceptor;

import io.flafka.core.util.RateLimitedLog;
import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Event;
import io.flafka.api.Interceptor;
import io.flafka.api.config.Config;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigException;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import io.flafka.api.metrics.CounterGroup;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Rewrites the body with {@link Matcher#replaceAll(String)}, as Flume's {@code search_replace}
 * interceptor does: the body is decoded with {@code charset}, every match of {@code searchPattern} is
 * replaced by {@code replaceString} (which may use {@code $1} group references), and the result is
 * encoded back. The pattern is compiled once and group references are checked at configuration time.
 * An event that still cannot be rewritten is passed through unchanged, counted in
 * {@value #PROCESS_FAIL} and logged (rate-limited WARN). Called on the source's threads; thread-safe.
 * Nothing to stop.
 */
public final class SearchReplaceInterceptor implements Interceptor {
    private static final Logger LOG = LoggerFactory.getLogger(SearchReplaceInterceptor.class);

    /** Counter of events passed through unchanged because the rewrite failed. */
    public static final String PROCESS_FAIL = "EventProcessFailCount";

    static final ConfigKey<String> SEARCH_PATTERN = ConfigKey.stringKey("searchPattern").required()
            .validator(Validators.regex()).doc("Regular expression to search the body for.").build();
    static final ConfigKey<String> REPLACE_STRING = ConfigKey.stringKey("replaceString").required()
            .doc("Replacement for each match; may be empty and may refer to groups as $1.").build();
    static final ConfigKey<String> CHARSET = ConfigKey.stringKey("charset").defaultValue("UTF-8")
            .validator(SearchReplaceInterceptor::checkCharset).doc("Charset of the body.").build();
    static final ConfigDef DEF = ConfigDef.of(SEARCH_PATTERN, REPLACE_STRING, CHARSET);

    private final Pattern pattern;
    private final String replacement;
    private final Charset charset;
    private final LongAdder failures;
    private final RateLimitedLog warn = new RateLimitedLog(LOG);

    SearchReplaceInterceptor(Pattern pattern, String replacement, Charset charset, CounterGroup counters) {
        this.pattern = pattern;
        this.replacement = replacement;
        this.charset = charset;
        this.failures = counters.counter(PROCESS_FAIL);
    }

    static SearchReplaceInterceptor create(ComponentContext context) {
        Config config = context.config();
        Pattern pattern = Pattern.compile(untrimmed(config, SEARCH_PATTERN));
        String replacement = untrimmed(config, REPLACE_STRING);
        String problem = checkReplacement(replacement, pattern.matcher("").groupCount());
        if (problem != null) {
            throw new ConfigException(ConfigPaths.of(context, REPLACE_STRING.name()), problem);
        }
        return new SearchReplaceInterceptor(pattern, replacement, Charset.forName(config.get(CHARSET)),
                context.counters());
    }

    /**
     * The value as written: typed values are trimmed, but leading or trailing blanks of a pattern or a
     * replacement are meaningful (Flume keeps them).
     */
    private static String untrimmed(Config config, ConfigKey<String> key) {
        String raw = config.getString(key.name());
        return raw != null ? raw : config.get(key);
    }

    private static String checkCharset(String name) {
        try {
            return Charset.isSupported(name) ? null : "is not a charset supported by this JVM";
        } catch (IllegalArgumentException e) {
            return "is not a valid charset name";
        }
    }

    /** Checks {@code $n} group references and escapes the way {@link Matcher#appendReplacement} reads them. */
    static String checkReplacement(String replacement, int groupCount) {
        for (int i = 0; i < replacement.length(); i++) {
            char c = replacement.charAt(i);
            if (c == '\\') {
                if (++i == replacement.length()) {
                    return "ends with a lone '\\' (escape it as '\\\\')";
                }
            } else if (c == '$') {
                if (++i == replacement.length()) {
                    return "ends with a lone '$' (escape it as '\\$')";
                }
                char next = replacement.charAt(i);
                if (next == '{') {
                    int close = replacement.indexOf('}', i);
                    if (close < 0 || close == i + 1) {
                        return "has an unterminated or empty group name reference at '${'";
                    }
                    i = close;
                } else if (next >= '0' && next <= '9') {
                    if (next - '0' > groupCount) {
                        return "refers to group $" + next + " but searchPattern has " + groupCount + " group(s)";
                    }
                } else {
                    return "has an illegal group reference '$" + next + "' (escape a literal '$' as '\\$')";
                }
            }
        }
        return null;
    }

    @Override
    public Event intercept(Event event) {
        rewrite(event, pattern.matcher(""));
        return event;
    }

    @Override
    public List<Event> intercept(List<Event> events) {
        Matcher matcher = pattern.matcher("");
        for (int i = 0, n = events.size(); i < n; i++) {
            rewrite(events.get(i), matcher);
        }
        return events;
    }

    private void rewrite(Event event, Matcher matcher) {
        try {
            String body = new String(event.body(), charset);
            matcher.reset(body);
            if (matcher.find()) {
                matcher.reset();
                event.body(matcher.replaceAll(replacement).getBytes(charset));
            }
        } catch (RuntimeException e) {
            failures.increment();
            warn.warn("search_replace could not rewrite an event; passed through unchanged: {}", e.toString());
        }
    }

    /** Makes {@link SearchReplaceInterceptor}s. */
    public static final class Provider implements ComponentProvider<Interceptor> {
        @Override
        public ComponentKind kind() {
            return ComponentKind.INTERCEPTOR;
        }

        @Override
        public String type() {
            return "search_replace";
        }

        @Override
        public Set<String> aliases() {
            return Set.of("org.apache.flume.interceptor.SearchAndReplaceInterceptor$Builder");
        }

        @Override
        public String description() {
            return "Replaces every match of a regular expression in the body.";
        }

        @Override
        public ConfigDef configDef() {
            return DEF;
        }

        @Override
        public Interceptor create(ComponentContext context) {
            return SearchReplaceInterceptor.create(context);
        }
    }
}
