package io.flafka.core.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.metrics.ChannelCounter;
import io.flafka.api.metrics.SourceCounter;
import java.lang.management.ManagementFactory;
import java.util.Arrays;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class JmxExporterTest {
    private final MBeanServer mbs = ManagementFactory.getPlatformMBeanServer();
    private final CounterRegistry registry = new CounterRegistry();
    private JmxExporter exporter;

    @AfterEach
    void close() {
        if (exporter != null) {
            exporter.close();
        }
    }

    @Test
    void exposesEachGroupUnderFlumesName() throws Exception {
        SourceCounter src = registry.source("jr1");
        src.eventsAccepted(7);
        src.markStarted();
        ChannelCounter ch = registry.channel("jc1");
        ch.gauge(ChannelCounter.CHANNEL_CAPACITY).set(200);
        ch.gauge(ChannelCounter.CHANNEL_SIZE).set(50);
        exporter = JmxExporter.start(registry, mbs);

        ObjectName r1 = new ObjectName("org.apache.flume.source:type=jr1");
        ObjectName c1 = new ObjectName("org.apache.flume.channel:type=jc1");
        assertThat(mbs.isRegistered(r1)).isTrue();
        assertThat(mbs.getAttribute(r1, "EventAcceptedCount")).isEqualTo(7L);
        src.eventsAccepted(1);
        assertThat(mbs.getAttribute(r1, "EventAcceptedCount")).isEqualTo(8L);
        assertThat(mbs.getAttribute(r1, "Type")).isEqualTo("SOURCE");
        assertThat((Long) mbs.getAttribute(r1, "StartTime")).isPositive();
        assertThat(mbs.getAttribute(r1, "StopTime")).isEqualTo(0L);
        assertThat(mbs.getAttribute(c1, "ChannelFillPercentage")).isEqualTo(25.0);
        assertThat(mbs.getAttribute(c1, "ChannelSize")).isEqualTo(50L);

        String[] names = Arrays.stream(mbs.getMBeanInfo(r1).getAttributes()).map(MBeanAttributeInfo::getName)
                .toArray(String[]::new);
        assertThat(names).contains("EventReceivedCount", "EventAcceptedCount", "OpenConnectionCount",
                "StartTime", "StopTime", "Type");
    }

    @Test
    void followsGroupsAddedAndRemovedLaterAndUnregistersOnClose() throws Exception {
        exporter = JmxExporter.start(registry, mbs);
        ObjectName k1 = new ObjectName("org.apache.flume.sink:type=jk1");
        assertThat(mbs.isRegistered(k1)).isFalse();

        registry.sink("jk1").add("EventDrainSuccessCount", 3);
        assertThat(mbs.isRegistered(k1)).isTrue();
        assertThat(mbs.getAttribute(k1, "EventDrainSuccessCount")).isEqualTo(3L);

        // a counter a component adds later is listed too
        registry.sink("jk1").increment("KafkaEventSendTimer");
        assertThat(Arrays.stream(mbs.getMBeanInfo(k1).getAttributes()).map(MBeanAttributeInfo::getName))
                .contains("KafkaEventSendTimer");

        registry.remove("SINK", "jk1");
        assertThat(mbs.isRegistered(k1)).isFalse();

        registry.source("jr2");
        ObjectName r2 = new ObjectName("org.apache.flume.source:type=jr2");
        assertThat(mbs.isRegistered(r2)).isTrue();
        exporter.close();
        assertThat(mbs.isRegistered(r2)).isFalse();
        registry.source("jr3");
        assertThat(mbs.isRegistered(new ObjectName("org.apache.flume.source:type=jr3"))).isFalse();
    }

    @Test
    void oddComponentNamesAreQuoted() throws Exception {
        registry.source("a,b=c");
        exporter = JmxExporter.start(registry, mbs);
        ObjectName n = JmxExporter.objectName(registry.source("a,b=c"));
        assertThat(mbs.isRegistered(n)).isTrue();
        assertThat(n.getKeyProperty("type")).isEqualTo(ObjectName.quote("a,b=c"));
    }
}
