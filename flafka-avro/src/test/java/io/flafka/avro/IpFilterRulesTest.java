package io.flafka.avro;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.flafka.avro.source.IpFilterRules;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

class IpFilterRulesTest {
    private static InetSocketAddress at(String ip) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(ip), 5000);
    }

    @Test
    void firstMatchWinsAndNoMatchAllows() throws Exception {
        IpFilterRules r = IpFilterRules.parse("allow:ip:10.1.*, deny:ip:10.*,deny:ip:192.168.?.1");
        assertThat(r.allows(at("10.1.2.3"))).isTrue();
        assertThat(r.allows(at("10.2.2.3"))).isFalse();
        assertThat(r.allows(at("192.168.5.1"))).isFalse();
        assertThat(r.allows(at("192.168.55.1"))).isTrue();
        assertThat(r.allows(at("172.16.0.1"))).as("no rule matches").isTrue();
    }

    @Test
    void namesMatchLoopbackAsLocalhost() throws Exception {
        assertThat(IpFilterRules.parse("deny:name:LOCALHOST").allows(at("127.0.0.1"))).isFalse();
        assertThat(IpFilterRules.parse("allow:name:localhost,deny:ip:*").allows(at("127.0.0.1"))).isTrue();
        assertThat(IpFilterRules.parse("allow:name:localhost,deny:ip:*").allows(at("10.9.9.9"))).isFalse();
    }

    @Test
    void badRulesAreNamed() {
        assertThatThrownBy(() -> IpFilterRules.parse("allow:ip")).hasMessageContaining("'allow:ip'");
        assertThatThrownBy(() -> IpFilterRules.parse("allow:host:x")).hasMessageContaining("ip or name");
        assertThatThrownBy(() -> IpFilterRules.parse("grant:ip:x")).hasMessageContaining("allow or deny");
    }
}
