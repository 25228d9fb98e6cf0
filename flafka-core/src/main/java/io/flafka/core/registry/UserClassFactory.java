package io.flafka.core.registry;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.Configurable;
import io.flafka.api.Interceptor;
import io.flafka.api.config.ConfigDef;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;

/**
 * Makes a user component named by its class in {@code type}: the class implements the kind's SPI type
 * (or, for interceptors, {@link Interceptor.Builder}) and has a public no-argument constructor. It
 * declares no keys, so it accepts any; it reads them in {@link Configurable#configure}.
 */
public final class UserClassFactory implements ComponentFactory {
    private static final ConfigDef OPEN = ConfigDef.open();

    private final ComponentKind kind;
    private final Constructor<?> constructor;
    private final boolean builder;

    UserClassFactory(ComponentKind kind, Constructor<?> constructor) {
        this.kind = kind;
        this.constructor = constructor;
        this.builder = kind == ComponentKind.INTERCEPTOR
                && Interceptor.Builder.class.isAssignableFrom(constructor.getDeclaringClass());
    }

    /** The user's class. */
    public Class<?> type() {
        return constructor.getDeclaringClass();
    }

    @Override
    public ComponentKind kind() {
        return kind;
    }

    @Override
    public String typeName() {
        return constructor.getDeclaringClass().getName();
    }

    @Override
    public ConfigDef configDef() {
        return OPEN;
    }

    /** Instantiates the class, configures it if it is {@link Configurable}, and builds it if it is a builder. */
    @Override
    public Object create(ComponentContext context) throws Exception {
        Object instance;
        try {
            instance = constructor.newInstance();
        } catch (InvocationTargetException e) {
            throw unwrap(e);
        }
        if (instance instanceof Configurable configurable) {
            configurable.configure(context);
        }
        if (builder) {
            Interceptor built = ((Interceptor.Builder) instance).build();
            if (built == null) {
                throw new IllegalStateException(typeName() + ".build() returned null");
            }
            return built;
        }
        return instance;
    }

    private static Exception unwrap(InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof Exception ex) {
            return ex;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return e;
    }

    @Override
    public String toString() {
        return kind + " class " + typeName();
    }
}
