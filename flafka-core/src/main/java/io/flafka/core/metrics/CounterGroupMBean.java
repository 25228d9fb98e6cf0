package io.flafka.core.metrics;

import io.flafka.api.metrics.CounterGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.ReflectionException;

/**
 * A read-only JMX view of one {@link CounterGroup}: one {@code long} attribute per counter and gauge,
 * derived values (such as {@code ChannelFillPercentage}, a double), plus {@code StartTime},
 * {@code StopTime} and {@code Type}, as Flume's beans expose them. The attribute list is rebuilt on
 * every {@link #getMBeanInfo()}, so counters a component adds later show up. Called on JMX threads.
 */
final class CounterGroupMBean implements DynamicMBean {
    private final CounterGroup group;

    CounterGroupMBean(CounterGroup group) {
        this.group = group;
    }

    CounterGroup group() {
        return group;
    }

    @Override
    public Object getAttribute(String name) throws AttributeNotFoundException {
        switch (name) {
            case "StartTime":
                return group.startTime();
            case "StopTime":
                return group.stopTime();
            case "Type":
                return group.type();
            default:
                break;
        }
        String extra = group.extraStrings().get(name);
        if (extra != null) {
            return asNumber(extra);
        }
        Map<String, Long> snap = group.snapshot();
        Long v = snap.get(name);
        if (v == null) {
            throw new AttributeNotFoundException(name + " is not a counter of " + group.type() + "." + group.name());
        }
        return v;
    }

    @Override
    public AttributeList getAttributes(String[] names) {
        AttributeList list = new AttributeList();
        for (String n : names) {
            try {
                list.add(new Attribute(n, getAttribute(n)));
            } catch (AttributeNotFoundException e) {
                // JMX contract: unknown attributes are left out of the answer
            }
        }
        return list;
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException(attribute.getName() + " is read-only");
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) throws ReflectionException {
        throw new ReflectionException(new NoSuchMethodException(actionName), "no operations");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        List<MBeanAttributeInfo> attrs = new ArrayList<>();
        for (String name : group.snapshot().keySet()) {
            attrs.add(attr(name, "long", group.isGauge(name) ? "gauge" : "counter"));
        }
        group.extraStrings().forEach((name, value) -> attrs.add(attr(name,
                asNumber(value) instanceof Double ? "double" : String.class.getName(), "derived value")));
        attrs.add(attr("StartTime", "long", "start time, ms since the epoch (0 = never started)"));
        attrs.add(attr("StopTime", "long", "stop time, ms since the epoch (0 = running)"));
        attrs.add(attr("Type", String.class.getName(), "the component kind"));
        return new MBeanInfo(CounterGroupMBean.class.getName(), "Flafka counters of " + group.type() + "."
                + group.name(), attrs.toArray(new MBeanAttributeInfo[0]), null, null, null);
    }

    private static MBeanAttributeInfo attr(String name, String type, String description) {
        return new MBeanAttributeInfo(name, type, description, true, false, false);
    }

    private static Object asNumber(String s) {
        try {
            return Double.valueOf(s);
        } catch (NumberFormatException e) {
            return s;
        }
    }
}
