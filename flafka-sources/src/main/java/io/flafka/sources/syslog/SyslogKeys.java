package io.flafka.sources.syslog;

import io.flafka.api.config.Config;
import io.flafka.api.config.ConfigDef;
import io.flafka.api.config.ConfigException;
import io.flafka.api.config.ConfigKey;
import io.flafka.api.config.Validators;
import io.flafka.sources.support.CharsetValidator;
import io.flafka.sources.support.TlsKeys;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;

/** The keys of the three syslog sources, declared once, and their declarations. */
final class SyslogKeys {
    static final ConfigKey<String> HOST = ConfigKey.stringKey("host").defaultValue("0.0.0.0")
            .validator(Validators.nonBlank()).doc("Host name or IP address to listen on.").build();
    static final ConfigKey<Integer> PORT = ConfigKey.intKey("port").required()
            .validator(Validators.between(0, 65535)).doc("Port to listen on (0 picks a free port).").build();
    static final ConfigKey<List<String>> PORTS = ConfigKey.listKey("ports").required()
            .doc("Space-separated ports to listen on.").build();
    static final ConfigKey<Integer> EVENT_SIZE = ConfigKey.intKey("eventSize").defaultValue(2500)
            .validator(Validators.atLeast(1))
            .doc("Longest message in bytes; longer ones are cut and flagged flume.syslog.status=Incomplete.").build();
    static final ConfigKey<List<String>> KEEP_FIELDS = ConfigKey.listKey("keepFields").defaultValue(List.of("none"))
            .validator(Validators.eachOneOf("none", "all", "true", "false", "priority", "version", "timestamp",
                    "hostname"))
            .doc("Header fields kept in the body: none, all, or some of priority version timestamp hostname.")
            .build();
    static final ConfigKey<String> CLIENT_IP_HEADER = ConfigKey.stringKey("clientIPHeader")
            .doc("Header to put the sender's IP address in.").build();
    static final ConfigKey<String> CLIENT_HOSTNAME_HEADER = ConfigKey.stringKey("clientHostnameHeader")
            .doc("Header to put the sender's host name in (a reverse lookup per connection or datagram).").build();
    static final ConfigKey<String> PORT_HEADER = ConfigKey.stringKey("portHeader")
            .doc("Header to put the receiving port in.").build();
    static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.intKey("batchSize").defaultValue(100)
            .validator(Validators.atLeast(1)).doc("Most messages of one connection per channel transaction.").build();
    static final ConfigKey<Integer> READ_BUFFER_SIZE = ConfigKey.intKey("readBufferSize").defaultValue(1024)
            .validator(Validators.atLeast(16)).doc("Read buffer per connection, in bytes.").build();
    static final ConfigKey<String> CHARSET_DEFAULT = ConfigKey.stringKey("charset.default").defaultValue("UTF-8")
            .validator(CharsetValidator.INSTANCE).doc("Character set of messages.").build();

    static final ConfigDef TCP = ConfigDef.builder().keys(HOST, PORT, EVENT_SIZE, KEEP_FIELDS, CLIENT_IP_HEADER,
            CLIENT_HOSTNAME_HEADER, BATCH_SIZE, READ_BUFFER_SIZE, CHARSET_DEFAULT).keys(TlsKeys.ALL.toArray(
                    new ConfigKey<?>[0])).batchSizeKey(BATCH_SIZE.name()).build();
    static final ConfigDef MULTIPORT = ConfigDef.builder().keys(HOST, PORTS, EVENT_SIZE, KEEP_FIELDS,
            CLIENT_IP_HEADER, CLIENT_HOSTNAME_HEADER, PORT_HEADER, BATCH_SIZE, READ_BUFFER_SIZE, CHARSET_DEFAULT)
            .keys(TlsKeys.ALL.toArray(new ConfigKey<?>[0]))
            .prefix("charset.port.", "charset.port.<p> = character set of the messages received on port <p>.")
            .ignore("numProcessors", "connections are served by a thread each").batchSizeKey(BATCH_SIZE.name())
            .build();
    static final ConfigDef UDP = ConfigDef.of(HOST, PORT, EVENT_SIZE, KEEP_FIELDS, CLIENT_IP_HEADER,
            CLIENT_HOSTNAME_HEADER, CHARSET_DEFAULT);

    private SyslogKeys() {
    }

    /** The ports and their charsets of a multiport source. */
    static List<SyslogTcpSource.PortSpec> ports(Config c) {
        Charset def = Charset.forName(c.get(CHARSET_DEFAULT).trim());
        List<SyslogTcpSource.PortSpec> out = new ArrayList<>();
        for (String p : c.getList(PORTS)) {
            int port;
            try {
                port = Integer.parseInt(p);
            } catch (NumberFormatException e) {
                throw new ConfigException("ports", "'" + p + "' is not a port number");
            }
            String cs = c.getString("charset.port." + p);
            if (cs != null && CharsetValidator.INSTANCE.check(cs) != null) {
                throw new ConfigException("charset.port." + p, CharsetValidator.INSTANCE.check(cs));
            }
            out.add(new SyslogTcpSource.PortSpec(port, cs == null ? def : Charset.forName(cs.trim())));
        }
        return out;
    }
}
