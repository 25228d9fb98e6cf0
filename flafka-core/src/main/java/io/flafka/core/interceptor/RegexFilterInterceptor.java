package io.flafka.core.interceptor;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Event;
import io.flafka.api.Interceptor;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import io.flafka.api.metrics.CounterGroup;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps or drops events by their body, as Flume's {@code regex_filter} interceptor does: the body,
 * decoded as UTF-8, is searched for {@code regex} ({@link Matcher#find()}); matching events are kept, or
 * dropped when {@code excludeEvents} is true. Dropping is this interceptor's purpose, so it is counted
 * in {@value #FILTERED} rather than logged. The batch form filters the list in place and reuses one
 * matcher per batch. An ASCII body is matched as it is, without a decoded copy ({@link AsciiView}).
 * Called on the source's threads; thread-safe. Nothing to stop.
 */
public final class RegexFilterInterceptor implements Interceptor {
    /** Counter of events dropped by the filter. */
    public static final String FILTERED = "EventFilteredCount";

    static final ConfigKey<String> REGEX = ConfigKey.stringKey("regex").defaultValue(".*")
            .validator(Validators.regex()).doc("Regular expression searched for in the body (UTF-8).").build();
    static final ConfigKey<Boolean> EXCLUDE_EVENTS = ConfigKey.booleanKey("excludeEvents").defaultValue(false)
            .doc("Drop the matching events instead of keeping them.").build();
    static final ConfigDef DEF = ConfigDef.of(REGEX, EXCLUDE_EVENTS);

    private final Pattern pattern;
    private final boolean excludeEvents;
    private final LongAdder filtered;

    RegexFilterInterceptor(Pattern pattern, boolean excludeEvents, CounterGroup counters) {
        this.pattern = pattern;
        this.excludeEvents = excludeEvents;
        this.filtered = counters.counter(FILTERED);
    }

    @Override
    public Event intercept(Event event) {
        if (keep(event, pattern.matcher(""))) {
            return event;
        }
        filtered.increment();
        return null;
    }

    @Override
    public List<Event> intercept(List<Event> events) {
        Matcher matcher = pattern.matcher("");
        int out = 0;
        int n = events.size();
        for (int i = 0; i < n; i++) {
            Event e = events.get(i);
            if (keep(e, matcher)) {
                if (out != i) {
                    events.set(out, e);
                }
                out++;
            }
        }
        if (out < n) {
            filtered.add(n - out);
            events.subList(out, n).clear();
        }
        return events;
    }

    private boolean keep(Event event, Matcher matcher) {
        boolean found = matcher.reset(AsciiView.of(event.body())).find();
        return found != excludeEvents;
    }

    /** Makes {@link RegexFilterInterceptor}s. */
    public static final class Provider implements ComponentProvider<Interceptor> {
        @Override
        public ComponentKind kind() {
            return ComponentKind.INTERCEPTOR;
        }

        @Override
        public String type() {
            return "regex_filter";
        }

        @Override
        public Set<String> aliases() {
            return Set.of("org.apache.flume.interceptor.RegexFilteringInterceptor$Builder");
        }

        @Override
        public String description() {
            return "Keeps (or drops) the events whose body matches a regular expression.";
        }

        @Override
        public ConfigDef configDef() {
            return DEF;
        }

        @Override
        public Interceptor create(ComponentContext context) {
            return new RegexFilterInterceptor(Pattern.compile(context.config().get(REGEX)),
                    context.config().get(EXCLUDE_EVENTS), context.counters());
        }
    }
}
