package io.flafka.sources.syslog;

import io.flafka.api.ComponentContext;
import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.Source;
import io.flafka.api.config.Config;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.metrics.SourceCounter;
import io.flafka.sources.support.TlsKeys;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Set;

/** The providers of the syslog sources. */
public final class SyslogSourceProviders {
    private SyslogSourceProviders() {
    }

    /** {@code syslogtcp} ({@code org.apache.flume.source.SyslogTcpSource}). */
    public static final class Tcp implements ComponentProvider<Source> {
        @Override
        public ComponentKind kind() {
            return ComponentKind.SOURCE;
        }

        @Override
        public String type() {
            return "syslogtcp";
        }

        @Override
        public Set<String> aliases() {
            return Set.of("org.apache.flume.source.SyslogTcpSource");
        }

        @Override
        public String description() {
            return "Receives RFC 3164 and RFC 5424 syslog over TCP (newline or octet-counted framing, optional TLS).";
        }

        @Override
        public ConfigDef configDef() {
            return SyslogKeys.TCP;
        }

        @Override
        public Source create(ComponentContext context) {
            Config c = context.config();
            List<SyslogTcpSource.PortSpec> ports = List.of(new SyslogTcpSource.PortSpec(c.get(SyslogKeys.PORT),
                    Charset.forName(c.get(SyslogKeys.CHARSET_DEFAULT).trim())));
            return tcp(context, ports, null);
        }
    }

    /** {@code multiport_syslogtcp} ({@code org.apache.flume.source.MultiportSyslogTCPSource}). */
    public static final class Multiport implements ComponentProvider<Source> {
        @Override
        public ComponentKind kind() {
            return ComponentKind.SOURCE;
        }

        @Override
        public String type() {
            return "multiport_syslogtcp";
        }

        @Override
        public Set<String> aliases() {
            return Set.of("org.apache.flume.source.MultiportSyslogTCPSource");
        }

        @Override
        public String description() {
            return "Receives syslog over TCP on several ports, each with its own character set.";
        }

        @Override
        public ConfigDef configDef() {
            return SyslogKeys.MULTIPORT;
        }

        @Override
        public Source create(ComponentContext context) {
            return tcp(context, SyslogKeys.ports(context.config()), context.config().get(SyslogKeys.PORT_HEADER));
        }
    }

    /** {@code syslogudp} ({@code org.apache.flume.source.SyslogUDPSource}). */
    public static final class Udp implements ComponentProvider<Source> {
        @Override
        public ComponentKind kind() {
            return ComponentKind.SOURCE;
        }

        @Override
        public String type() {
            return "syslogudp";
        }

        @Override
        public Set<String> aliases() {
            return Set.of("org.apache.flume.source.SyslogUDPSource");
        }

        @Override
        public String description() {
            return "Receives RFC 3164 and RFC 5424 syslog datagrams; no delivery guarantee.";
        }

        @Override
        public ConfigDef configDef() {
            return SyslogKeys.UDP;
        }

        @Override
        public Source create(ComponentContext context) {
            Config c = context.config();
            SyslogUdpSource.Settings s = new SyslogUdpSource.Settings(c.get(SyslogKeys.HOST).trim(),
                    c.get(SyslogKeys.PORT), c.get(SyslogKeys.EVENT_SIZE), c.getList(SyslogKeys.KEEP_FIELDS),
                    c.get(SyslogKeys.CLIENT_IP_HEADER), c.get(SyslogKeys.CLIENT_HOSTNAME_HEADER),
                    Charset.forName(c.get(SyslogKeys.CHARSET_DEFAULT).trim()));
            return new SyslogUdpSource(context.name(), s, context.counters(SourceCounter.class));
        }
    }

    static SyslogTcpSource tcp(ComponentContext context, List<SyslogTcpSource.PortSpec> ports, String portHeader) {
        Config c = context.config();
        SyslogTcpSource.Settings s = new SyslogTcpSource.Settings(c.get(SyslogKeys.HOST).trim(), ports,
                c.get(SyslogKeys.EVENT_SIZE), c.getList(SyslogKeys.KEEP_FIELDS), c.get(SyslogKeys.CLIENT_IP_HEADER),
                c.get(SyslogKeys.CLIENT_HOSTNAME_HEADER), portHeader, c.get(SyslogKeys.BATCH_SIZE),
                c.get(SyslogKeys.READ_BUFFER_SIZE), TlsKeys.read(c));
        return new SyslogTcpSource(context.name(), s, context.counters(SourceCounter.class));
    }
}
