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
import java.util.UUID;

/**
 * Sets a header (default {@code id}) to {@code prefix} + a random (version 4) UUID, so downstream
 * systems can drop duplicates, as Flume's {@code UUIDInterceptor} does. Called on the source's threads;
 * thread-safe. Nothing to stop.
 */
public final class UuidInterceptor implements Interceptor {
    static final ConfigKey<String> HEADER_NAME = ConfigKey.stringKey("headerName").defaultValue("id")
            .validator(Validators.nonBlank()).doc("Header that receives the UUID.").build();
    static final ConfigKey<Boolean> PRESERVE_EXISTING = ConfigKey.booleanKey("preserveExisting").defaultValue(true)
            .doc("Keep the header when the event already has it.").build();
    static final ConfigKey<String> PREFIX = ConfigKey.stringKey("prefix").defaultValue("")
            .doc("Text put before each UUID.").build();
    static final ConfigDef DEF = ConfigDef.of(HEADER_NAME, PRESERVE_EXISTING, PREFIX);

    private final String headerName;
    private final boolean preserveExisting;
    private final String prefix;

    UuidInterceptor(String headerName, boolean preserveExisting, String prefix) {
        this.headerName = headerName;
        this.preserveExisting = preserveExisting;
        this.prefix = prefix;
    }

    @Override
    public Event intercept(Event event) {
        if (!preserveExisting || event.header(headerName) == null) {
            String id = UUID.randomUUID().toString();
            event.header(headerName, prefix.isEmpty() ? id : prefix + id);
        }
        return event;
    }

    /** Makes {@link UuidInterceptor}s. */
    public static final class Provider implements ComponentProvider<Interceptor> {
        @Override
        public ComponentKind kind() {
            return ComponentKind.INTERCEPTOR;
        }

        @Override
        public String type() {
            return "uuid";
        }

        @Override
        public Set<String> aliases() {
            return Set.of("org.apache.flume.sink.solr.morphline.UUIDInterceptor$Builder");
        }

        @Override
        public String description() {
            return "Sets a header to a random UUID, for downstream de-duplication.";
        }

        @Override
        public ConfigDef configDef() {
            return DEF;
        }

        @Override
        public Interceptor create(ComponentContext context) {
            return new UuidInterceptor(context.config().get(HEADER_NAME), context.config().get(PRESERVE_EXISTING),
                    context.config().get(PREFIX));
        }
    }
}
