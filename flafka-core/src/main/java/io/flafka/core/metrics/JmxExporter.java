package io.flafka.core.metrics;

import io.flafka.api.metrics.CounterGroup;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import javax.management.InstanceAlreadyExistsException;
import javax.management.InstanceNotFoundException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.MalformedObjectNameException;
import javax.management.ObjectName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Registers one JMX bean per counter group, named as Flume names them
 * ({@code org.apache.flume.source:type=r1}), and keeps the set in step with the {@link CounterRegistry}:
 * groups added or removed later (a configuration reload) are registered or unregistered as it
 * happens. {@link #close()} unregisters every bean. Thread-safe.
 */
public final class JmxExporter implements AutoCloseable, CounterRegistry.Listener {
    private static final Logger LOG = LoggerFactory.getLogger(JmxExporter.class);

    private final CounterRegistry counters;
    private final MBeanServer server;
    private final Map<String, ObjectName> registered = new HashMap<>();
    private final Map<String, CounterGroup> exported = new HashMap<>();
    private boolean closed;

    private JmxExporter(CounterRegistry counters, MBeanServer server) {
        this.counters = counters;
        this.server = server;
    }

    /** Exports to the platform MBean server. */
    public static JmxExporter start(CounterRegistry counters) {
        return start(counters, ManagementFactory.getPlatformMBeanServer());
    }

    /** Exports every current and future group of {@code counters} to {@code server}. */
    public static JmxExporter start(CounterRegistry counters, MBeanServer server) {
        JmxExporter e = new JmxExporter(counters, server);
        counters.addListener(e);
        e.refresh();
        return e;
    }

    /** The bean name Flume uses for a group: {@code org.apache.flume.<type lower case>:type=<name>}. */
    public static ObjectName objectName(CounterGroup group) throws MalformedObjectNameException {
        return new ObjectName("org.apache.flume." + group.type().toLowerCase(Locale.ROOT) + ":type="
                + quoteIfNeeded(group.name()));
    }

    private static String quoteIfNeeded(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (",=:\"*?\n".indexOf(value.charAt(i)) >= 0) {
                return ObjectName.quote(value);
            }
        }
        return value;
    }

    /** Brings the registered beans in line with the registry (listeners normally make this unnecessary). */
    public synchronized void refresh() {
        Map<String, CounterGroup> groups = counters.all();
        for (String key : registered.keySet().toArray(new String[0])) {
            if (!groups.containsKey(key)) {
                unregister(key);
            }
        }
        groups.forEach(this::register);
    }

    @Override
    public synchronized void groupAdded(String key, CounterGroup group) {
        register(key, group);
    }

    @Override
    public synchronized void groupRemoved(String key, CounterGroup group) {
        unregister(key);
    }

    private void register(String key, CounterGroup group) {
        if (closed) {
            return;
        }
        try {
            ObjectName name = objectName(group);
            ObjectName old = registered.get(key);
            if (old != null) {
                if (server.isRegistered(old) && exported.get(key) == group) {
                    return;
                }
                unregister(key);
            }
            try {
                server.registerMBean(new CounterGroupMBean(group), name);
            } catch (InstanceAlreadyExistsException e) {
                // a bean left by an earlier exporter (or agent) in this JVM: replace it
                server.unregisterMBean(name);
                server.registerMBean(new CounterGroupMBean(group), name);
            }
            registered.put(key, name);
            exported.put(key, group);
        } catch (JMException e) {
            LOG.warn("Cannot register JMX bean for {}: {}", key, e.toString());
        }
    }

    private void unregister(String key) {
        ObjectName name = registered.remove(key);
        if (name == null) {
            return;
        }
        exported.remove(key);
        try {
            server.unregisterMBean(name);
        } catch (InstanceNotFoundException e) {
            // already gone
        } catch (JMException e) {
            LOG.warn("Cannot unregister JMX bean {}: {}", name, e.toString());
        }
    }

    @Override
    public synchronized void close() {
        counters.removeListener(this);
        for (String key : registered.keySet().toArray(new String[0])) {
            unregister(key);
        }
        closed = true;
    }
}
