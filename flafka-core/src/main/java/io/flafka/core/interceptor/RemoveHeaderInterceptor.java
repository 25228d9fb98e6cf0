package io.flafka.core.interceptor;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Event;
import io.flafka.api.Interceptor;
import io.flafka.api.config.Config;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Removes headers, as Flume's {@code remove_header} interceptor does: the header named {@code withName},
 * every header named in {@code fromList} (split with the regular expression {@code fromListSeparator}),
 * and every header whose name matches the regular expression {@code matching}. Patterns are compiled
 * once. Called on the source's threads; stateless and thread-safe. Nothing to stop.
 */
public final class RemoveHeaderInterceptor implements Interceptor {
    private static final Logger LOG = LoggerFactory.getLogger(RemoveHeaderInterceptor.class);

    static final ConfigKey<String> WITH_NAME = ConfigKey.stringKey("withName")
            .doc("Name of one header to remove.").build();
    static final ConfigKey<String> FROM_LIST = ConfigKey.stringKey("fromList")
            .doc("Names of headers to remove, separated by fromListSeparator.").build();
    static final ConfigKey<String> FROM_LIST_SEPARATOR = ConfigKey.stringKey("fromListSeparator")
            .defaultValue("\\s*,\\s*").validator(Validators.regex())
            .doc("Regular expression separating the names in fromList.").build();
    static final ConfigKey<String> MATCHING = ConfigKey.stringKey("matching").validator(Validators.regex())
            .doc("Regular expression; every header whose name matches it is removed.").build();
    static final ConfigDef DEF = ConfigDef.of(WITH_NAME, FROM_LIST, FROM_LIST_SEPARATOR, MATCHING);

    private final String[] names;
    private final Pattern matching;

    RemoveHeaderInterceptor(Set<String> names, Pattern matching) {
        this.names = names.toArray(new String[0]);
        this.matching = matching;
    }

    static RemoveHeaderInterceptor from(Config config) {
        Set<String> names = new LinkedHashSet<>();
        String withName = config.get(WITH_NAME);
        if (withName != null && !withName.isEmpty()) {
            names.add(withName);
        }
        String fromList = config.get(FROM_LIST);
        if (fromList != null && !fromList.isEmpty()) {
            for (String n : Pattern.compile(config.get(FROM_LIST_SEPARATOR)).split(fromList)) {
                if (!n.isEmpty()) {
                    names.add(n);
                }
            }
        }
        String regex = config.get(MATCHING);
        Pattern matching = regex == null || regex.isEmpty() ? null : Pattern.compile(regex);
        if (names.isEmpty() && matching == null) {
            LOG.warn("remove_header has none of withName, fromList, matching: it removes nothing");
        }
        return new RemoveHeaderInterceptor(names, matching);
    }

    @Override
    public Event intercept(Event event) {
        if (!event.hasHeaders()) {
            return event;
        }
        Map<String, String> headers = event.headers();
        for (String name : names) {
            headers.remove(name);
        }
        if (matching != null && !headers.isEmpty()) {
            Matcher m = matching.matcher("");
            for (Iterator<String> it = headers.keySet().iterator(); it.hasNext(); ) {
                if (m.reset(it.next()).matches()) {
                    it.remove();
                }
            }
        }
        return event;
    }

    /** Makes {@link RemoveHeaderInterceptor}s. */
    public static final class Provider implements ComponentProvider<Interceptor> {
        @Override
        public ComponentKind kind() {
            return ComponentKind.INTERCEPTOR;
        }

        @Override
        public String type() {
            return "remove_header";
        }

        @Override
        public Set<String> aliases() {
            return Set.of("org.apache.flume.interceptor.RemoveHeaderInterceptor$Builder");
        }

        @Override
        public String description() {
            return "Removes headers by name, by list or by regular expression.";
        }

        @Override
        public ConfigDef configDef() {
            return DEF;
        }

        @Override
        public Interceptor create(ComponentContext context) {
            return from(context.config());
        }
    }
}
