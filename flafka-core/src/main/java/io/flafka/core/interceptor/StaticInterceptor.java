package io.flafka.core.interceptor;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Event;
import io.flafka.api.Interceptor;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import java.util.Set;

/**
 * Sets one constant header, as Flume's {@code static} interceptor does; chain several for more.
 * Called on the source's threads; stateless and thread-safe. Nothing to stop.
 */
public final class StaticInterceptor implements Interceptor {
    static final ConfigKey<String> KEY = ConfigKey.stringKey("key").defaultValue("key")
            .validator(Validators.nonBlank()).doc("Header name.").build();
    static final ConfigKey<String> VALUE = ConfigKey.stringKey("value").defaultValue("value")
            .doc("Header value.").build();
    static final ConfigKey<Boolean> PRESERVE_EXISTING = ConfigKey.booleanKey("preserveExisting").defaultValue(true)
            .doc("Keep the header when the event already has it.").build();
    static final ConfigDef DEF = ConfigDef.of(KEY, VALUE, PRESERVE_EXISTING);

    private final String key;
    private final String value;
    private final boolean preserveExisting;

    StaticInterceptor(String key, String value, boolean preserveExisting) {
        this.key = key;
        this.value = value;
        this.preserveExisting = preserveExisting;
    }

    @Override
    public Event intercept(Event event) {
        if (!preserveExisting || event.header(key) == null) {
            event.header(key, value);
        }
        return event;
    }

    /** Makes {@link StaticInterceptor}s. */
    public static final class Provider implements ComponentProvider<Interceptor> {
        @Override
        public ComponentKind kind() {
            return ComponentKind.INTERCEPTOR;
        }

        @Override
        public String type() {
            return "static";
        }

        @Override
        public Set<String> aliases() {
            return Set.of("org.apache.flume.interceptor.StaticInterceptor$Builder");
        }

        @Override
        public String description() {
            return "Sets one constant header.";
        }

        @Override
        public ConfigDef configDef() {
            return DEF;
        }

        @Override
        public Interceptor create(ComponentContext context) {
            return new StaticInterceptor(context.config().get(KEY), context.config().get(VALUE),
                    context.config().get(PRESERVE_EXISTING));
        }
    }
}
