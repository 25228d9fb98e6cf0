package io.flafka.core.interceptor;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Event;
import io.flafka.api.Interceptor;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import java.net.InetAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sets a header (default {@code host}) to this agent's IP address or host name, as Flume's
 * {@code host} interceptor does. The address is resolved once, in {@link #start()} (or on first use if
 * the runtime did not start the interceptor), never per event. If it cannot be resolved the interceptor
 * logs a WARN and passes events through without the header. Called on the source's threads;
 * thread-safe. Nothing to stop.
 */
public final class HostInterceptor implements Interceptor {
    private static final Logger LOG = LoggerFactory.getLogger(HostInterceptor.class);

    static final ConfigKey<String> HOST_HEADER = ConfigKey.stringKey("hostHeader").defaultValue("host")
            .validator(Validators.nonBlank()).doc("Header that receives the host.").build();
    static final ConfigKey<Boolean> USE_IP = ConfigKey.booleanKey("useIP").defaultValue(true)
            .doc("Use the IP address; false uses the canonical host name.").build();
    static final ConfigKey<Boolean> PRESERVE_EXISTING = ConfigKey.booleanKey("preserveExisting").defaultValue(false)
            .doc("Keep the header when the event already has it.").build();
    static final ConfigDef DEF = ConfigDef.of(HOST_HEADER, USE_IP, PRESERVE_EXISTING);

    private final String header;
    private final boolean preserveExisting;
    private final Callable<String> resolver;
    private volatile boolean resolved;
    private volatile String host;

    HostInterceptor(String header, boolean preserveExisting, Callable<String> resolver) {
        this.header = header;
        this.preserveExisting = preserveExisting;
        this.resolver = resolver;
    }

    static Callable<String> localHost(boolean useIp) {
        return () -> {
            InetAddress address = InetAddress.getLocalHost();
            return useIp ? address.getHostAddress() : address.getCanonicalHostName();
        };
    }

    @Override
    public void start() {
        resolve();
    }

    private String resolve() {
        if (!resolved) {
            synchronized (this) {
                if (!resolved) {
                    try {
                        host = resolver.call();
                    } catch (Exception e) {
                        LOG.warn("Cannot resolve the local host; events pass without a '{}' header", header, e);
                    }
                    resolved = true;
                }
            }
        }
        return host;
    }

    /** The value set on events, or null when the host could not be resolved. */
    String host() {
        return resolve();
    }

    @Override
    public Event intercept(Event event) {
        String value = resolve();
        if (value != null) {
            set(event, value);
        }
        return event;
    }

    @Override
    public List<Event> intercept(List<Event> events) {
        String value = resolve();
        if (value != null) {
            for (int i = 0, n = events.size(); i < n; i++) {
                set(events.get(i), value);
            }
        }
        return events;
    }

    private void set(Event event, String value) {
        if (preserveExisting && event.header(header) != null) {
            return;
        }
        event.header(header, value);
    }

    /** Makes {@link HostInterceptor}s. */
    public static final class Provider implements ComponentProvider<Interceptor> {
        @Override
        public ComponentKind kind() {
            return ComponentKind.INTERCEPTOR;
        }

        @Override
        public String type() {
            return "host";
        }

        @Override
        public Set<String> aliases() {
            return Set.of("org.apache.flume.interceptor.HostInterceptor$Builder");
        }

        @Override
        public String description() {
            return "Sets a header to the agent's IP address or host name.";
        }

        @Override
        public ConfigDef configDef() {
            return DEF;
        }

        @Override
        public Interceptor create(ComponentContext context) {
            return new HostInterceptor(context.config().get(HOST_HEADER), context.config().get(PRESERVE_EXISTING),
                    localHost(context.config().get(USE_IP)));
        }
    }
}
