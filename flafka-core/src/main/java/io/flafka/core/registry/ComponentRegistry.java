package io.flafka.core.registry;

import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Interceptor;
import io.flafka.api.config.DidYouMean;
import java.lang.reflect.Constructor;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * Every component type the agent can make, by kind. A {@code type} value resolves, in order, to:
 * a provider's type name or Flume alias (case-insensitive), a Flume class name declared as an alias
 * (exact), or else a class loaded by name from {@link #classLoader()}: a {@link ComponentProvider}, or
 * a class implementing the kind's SPI type (for interceptors also {@link Interceptor.Builder}) with a
 * public no-argument constructor.
 *
 * <p>Immutable and thread-safe once built. Two providers of one kind claiming the same name
 * (case-insensitive) make construction fail with {@link IllegalStateException}.
 */
public final class ComponentRegistry {
    private final ClassLoader classLoader;
    private final Map<ComponentKind, List<ComponentProvider<?>>> providers = new EnumMap<>(ComponentKind.class);
    /** Lower-cased type names and word aliases. */
    private final Map<ComponentKind, Map<String, ProviderFactory>> byName = new EnumMap<>(ComponentKind.class);
    /** Class-name aliases (names containing a dot), matched exactly. */
    private final Map<ComponentKind, Map<String, ProviderFactory>> byClassName = new EnumMap<>(ComponentKind.class);

    private ComponentRegistry(Collection<? extends ComponentProvider<?>> list, ClassLoader classLoader) {
        this.classLoader = classLoader;
        for (ComponentKind kind : ComponentKind.values()) {
            providers.put(kind, new ArrayList<>());
            byName.put(kind, new HashMap<>());
            byClassName.put(kind, new HashMap<>());
        }
        Map<ComponentKind, Map<String, ComponentProvider<?>>> claims = new EnumMap<>(ComponentKind.class);
        Set<String> seenClasses = new LinkedHashSet<>();
        for (ComponentProvider<?> p : list) {
            Objects.requireNonNull(p, "provider");
            ComponentKind kind = Objects.requireNonNull(p.kind(), () -> p.getClass().getName() + ".kind()");
            String type = Objects.requireNonNull(p.type(), () -> p.getClass().getName() + ".type()");
            if (!seenClasses.add(kind + " " + p.getClass().getName() + " " + type)) {
                continue; // the same provider seen twice (e.g. its jar both on the classpath and in a plugin)
            }
            ProviderFactory factory = new ProviderFactory(p);
            Map<String, ComponentProvider<?>> claimed = claims.computeIfAbsent(kind, k -> new HashMap<>());
            for (String name : names(p)) {
                String lower = name.toLowerCase(Locale.ROOT);
                ComponentProvider<?> other = claimed.putIfAbsent(lower, p);
                if (other != null && other != p) {
                    throw new IllegalStateException("two " + word(kind) + " providers claim the name '" + name
                            + "': " + other.getClass().getName() + " and " + p.getClass().getName());
                }
                if (isClassName(name)) {
                    byClassName.get(kind).put(name, factory);
                } else {
                    byName.get(kind).put(lower, factory);
                }
            }
            providers.get(kind).add(p);
        }
        for (List<ComponentProvider<?>> l : providers.values()) {
            l.sort(Comparator.comparing((ComponentProvider<?> p) -> p.type().toLowerCase(Locale.ROOT))
                    .thenComparing(p -> p.getClass().getName()));
        }
    }

    /**
     * The providers listed in {@code META-INF/services/io.flafka.api.ComponentProvider} visible to
     * {@code loader} (the system class loader when null).
     *
     * @throws IllegalStateException when a listed provider cannot be loaded, or two providers of one kind
     *     claim the same name
     */
    @SuppressWarnings("rawtypes")
    public static ComponentRegistry discover(ClassLoader loader) {
        if (loader == null) {
            loader = ClassLoader.getSystemClassLoader();
        }
        List<ComponentProvider<?>> found = new ArrayList<>();
        ServiceLoader<ComponentProvider> sl = ServiceLoader.load(ComponentProvider.class, loader);
        try {
            for (ComponentProvider p : sl) {
                found.add(p);
            }
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("cannot load a component provider: " + e.getMessage(), e);
        }
        return new ComponentRegistry(found, loader);
    }

    /** A registry of exactly these providers; class names are loaded with the thread's context class loader. */
    public static ComponentRegistry of(Collection<? extends ComponentProvider<?>> providers) {
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        return new ComponentRegistry(providers, cl != null ? cl : ComponentRegistry.class.getClassLoader());
    }

    /** The factory for {@code type}, if it resolves. */
    public Optional<ComponentFactory> resolve(ComponentKind kind, String type) {
        return Optional.ofNullable(lookup(kind, type).factory());
    }

    /**
     * Resolves {@code type} and explains a failure: an unknown name (with a "did you mean"), or a class
     * that cannot be used as this kind.
     */
    public Resolution lookup(ComponentKind kind, String type) {
        if (type == null || type.isBlank()) {
            return Resolution.failed("is empty");
        }
        String t = type.trim();
        ProviderFactory f = byClassName.get(kind).get(t);
        if (f == null) {
            f = byName.get(kind).get(t.toLowerCase(Locale.ROOT));
        }
        if (f != null) {
            return Resolution.of(f);
        }
        Class<?> cls = loadClass(t);
        if (cls == null) {
            List<String> known = wordNames(kind);
            String hint = DidYouMean.suggest(t, known);
            String why;
            if (hint != null) {
                why = "; did you mean '" + hint + "'?";
            } else if (isClassName(t)) {
                why = " (no provider has this name and no such class was found)";
            } else if (known.isEmpty()) {
                why = " (no " + word(kind) + " types are installed)";
            } else {
                why = "; known " + word(kind) + " types: " + String.join(", ", typeNames(kind));
            }
            return Resolution.failed("unknown " + word(kind) + " type '" + t + "'" + why);
        }
        try {
            return fromClass(kind, cls);
        } catch (RuntimeException | LinkageError e) {
            // e.g. NoClassDefFoundError: the class is there but a dependency of it is missing.
            return Resolution.failed("cannot use class '" + t + "' as a " + word(kind) + ": " + e);
        }
    }

    /** The providers of one kind, sorted by type. */
    public List<ComponentProvider<?>> providers(ComponentKind kind) {
        return Collections.unmodifiableList(providers.get(kind));
    }

    /** Where class names in {@code type} (and topology checks) are loaded from. */
    public ClassLoader classLoader() {
        return classLoader;
    }

    /** Every type name and word alias of one kind (for suggestions). */
    public List<String> wordNames(ComponentKind kind) {
        List<String> out = new ArrayList<>();
        for (ComponentProvider<?> p : providers.get(kind)) {
            out.add(p.type());
            for (String a : p.aliases()) {
                if (!isClassName(a)) {
                    out.add(a);
                }
            }
        }
        return out;
    }

    private List<String> typeNames(ComponentKind kind) {
        List<String> out = new ArrayList<>();
        for (ComponentProvider<?> p : providers.get(kind)) {
            out.add(p.type());
        }
        return out;
    }

    /** The person-readable word for a kind: "source", "selector", "sink processor"... */
    public static String word(ComponentKind kind) {
        return switch (kind) {
            case SOURCE -> "source";
            case CHANNEL -> "channel";
            case SINK -> "sink";
            case INTERCEPTOR -> "interceptor";
            case SELECTOR -> "selector";
            case SINK_PROCESSOR -> "sink processor";
        };
    }

    private Resolution fromClass(ComponentKind kind, Class<?> cls) {
        String name = cls.getName();
        if (ComponentProvider.class.isAssignableFrom(cls)) {
            Constructor<?> ctor = noArgConstructor(cls);
            if (ctor == null) {
                return Resolution.failed("provider class '" + name + "' needs a public no-argument constructor");
            }
            ComponentProvider<?> p;
            try {
                p = (ComponentProvider<?>) ctor.newInstance();
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                return Resolution.failed("cannot instantiate provider class '" + name + "': " + cause);
            }
            if (p.kind() != kind) {
                return Resolution.failed("provider class '" + name + "' makes " + word(p.kind()) + "s, not "
                        + word(kind) + "s");
            }
            return Resolution.of(new ProviderFactory(p));
        }
        boolean usable = kind.spiType().isAssignableFrom(cls)
                || (kind == ComponentKind.INTERCEPTOR && Interceptor.Builder.class.isAssignableFrom(cls));
        if (!usable) {
            String wanted = kind.spiType().getName()
                    + (kind == ComponentKind.INTERCEPTOR ? ", " + Interceptor.Builder.class.getName().replace('$', '.')
                    : "");
            return Resolution.failed("class '" + name + "' is not a " + word(kind) + ": it implements none of "
                    + wanted + ", " + ComponentProvider.class.getName());
        }
        if (cls.isInterface() || Modifier.isAbstract(cls.getModifiers())) {
            return Resolution.failed("class '" + name + "' is abstract");
        }
        Constructor<?> ctor = noArgConstructor(cls);
        if (ctor == null) {
            return Resolution.failed("class '" + name + "' needs a public no-argument constructor");
        }
        return Resolution.of(new UserClassFactory(kind, ctor));
    }

    private static Constructor<?> noArgConstructor(Class<?> cls) {
        if (!Modifier.isPublic(cls.getModifiers())) {
            return null;
        }
        try {
            return cls.getConstructor();
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    private Class<?> loadClass(String name) {
        if (!isClassName(name) && !name.matches("[A-Za-z_$][\\w$]*")) {
            return null;
        }
        try {
            return Class.forName(name, false, classLoader);
        } catch (ClassNotFoundException | LinkageError e) {
            return null;
        }
    }

    private static Set<String> names(ComponentProvider<?> p) {
        Set<String> out = new LinkedHashSet<>();
        out.add(p.type());
        Set<String> aliases = p.aliases();
        if (aliases != null) {
            out.addAll(aliases);
        }
        return out;
    }

    /** Names with a dot are Flume (or user) class names and match exactly. */
    static boolean isClassName(String name) {
        return name.indexOf('.') >= 0;
    }

    /**
     * The outcome of resolving a type.
     *
     * @param factory the factory, or null
     * @param problem why it did not resolve, or null
     */
    public record Resolution(ComponentFactory factory, String problem) {
        static Resolution of(ComponentFactory f) {
            return new Resolution(f, null);
        }

        static Resolution failed(String problem) {
            return new Resolution(null, problem);
        }

        public boolean found() {
            return factory != null;
        }
    }
}
