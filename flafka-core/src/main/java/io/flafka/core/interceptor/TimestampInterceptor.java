package io.flafka.core.interceptor;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Event;
import io.flafka.api.Interceptor;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Sets a header (default {@code timestamp}) to the current time in epoch milliseconds, as Flume's
 * {@code timestamp} interceptor does. A batch reads the clock once: every event of the batch gets the
 * same value. Called on the source's threads; stateless and thread-safe. Nothing to stop.
 */
public final class TimestampInterceptor implements Interceptor {
    static final ConfigKey<String> HEADER_NAME = ConfigKey.stringKey("headerName").defaultValue("timestamp")
            .validator(Validators.nonBlank()).doc("Header that receives the time in milliseconds.").build();
    static final ConfigKey<Boolean> PRESERVE_EXISTING = ConfigKey.booleanKey("preserveExisting").defaultValue(false)
            .doc("Keep the header when the event already has it.").build();
    static final ConfigDef DEF = ConfigDef.of(HEADER_NAME, PRESERVE_EXISTING);

    private final String headerName;
    private final boolean preserveExisting;
    private final LongSupplier clock;

    TimestampInterceptor(String headerName, boolean preserveExisting, LongSupplier clock) {
        this.headerName = headerName;
        this.preserveExisting = preserveExisting;
        this.clock = clock;
    }

    @Override
    public Event intercept(Event event) {
        stamp(event, Long.toString(clock.getAsLong()));
        return event;
    }

    @Override
    public List<Event> intercept(List<Event> events) {
        String now = Long.toString(clock.getAsLong());
        for (int i = 0, n = events.size(); i < n; i++) {
            stamp(events.get(i), now);
        }
        return events;
    }

    private void stamp(Event event, String now) {
        if (preserveExisting && event.header(headerName) != null) {
            return;
        }
        event.header(headerName, now);
    }

    /** Makes {@link TimestampInterceptor}s. */
    public static final class Provider implements ComponentProvider<Interceptor> {
        @Override
        public ComponentKind kind() {
            return ComponentKind.INTERCEPTOR;
        }

        @Override
        public String type() {
            return "timestamp";
        }

        @Override
        public Set<String> aliases() {
            return Set.of("org.apache.flume.interceptor.TimestampInterceptor$Builder");
        }

        @Override
        public String description() {
            return "Sets a header to the time the event was intercepted, in epoch milliseconds.";
        }

        @Override
        public ConfigDef configDef() {
            return DEF;
        }

        @Override
        public Interceptor create(ComponentContext context) {
            return new TimestampInterceptor(context.config().get(HEADER_NAME),
                    context.config().get(PRESERVE_EXISTING), System::currentTimeMillis);
        }
    }
}
