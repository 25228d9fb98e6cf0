package io.flafka.core.util;

import io.flafka.api.config.ConfigException;

/**
 * Creates an instance of a class a user named in the configuration (a custom selector, a serializer),
 * turning every way that can fail into a {@link ConfigException} on the key that named it.
 */
public final class UserClasses {
    private UserClasses() {
    }

    /**
     * Loads {@code className} through the thread's context class loader (which sees {@code plugins.d}),
     * checks it implements {@code type} and calls its public no-argument constructor.
     *
     * @param key the configuration key that named the class, for the error message
     * @param alternatives what else the key accepts, appended to the "not found" message (may be empty)
     */
    public static <T> T instantiate(String key, String className, Class<T> type, String alternatives) {
        Class<?> cls;
        try {
            ClassLoader loader = Thread.currentThread().getContextClassLoader();
            cls = Class.forName(className, true, loader != null ? loader : type.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new ConfigException(key, "class " + className + " not found (use " + alternatives
                    + "a class implementing " + type.getName() + " on the class path or in plugins.d)");
        }
        if (!type.isAssignableFrom(cls)) {
            throw new ConfigException(key, "class " + className + " does not implement " + type.getName()
                    + (className.startsWith("org.apache.flume.") ? " (Flume's own classes cannot run in Flafka)" : ""));
        }
        try {
            return type.cast(cls.getConstructor().newInstance());
        } catch (ReflectiveOperationException e) {
            throw new ConfigException(key, "class " + className
                    + " cannot be instantiated with a public no-argument constructor: " + e);
        }
    }
}
