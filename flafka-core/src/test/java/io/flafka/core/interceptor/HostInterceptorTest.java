package io.flafka.core.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.Event;
import io.flafka.api.Interceptor;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class HostInterceptorTest {
    private final HostInterceptor.Provider provider = new HostInterceptor.Provider();

    @Test
    void providerNamesMatchFlume() {
        assertThat(provider.type()).isEqualTo("host");
        assertThat(provider.aliases()).containsExactly("org.apache.flume.interceptor.HostInterceptor$Builder");
    }

    @Test
    void resolvesOnceAtStartNeverPerEvent() {
        AtomicInteger calls = new AtomicInteger();
        HostInterceptor i = new HostInterceptor("host", false, () -> {
            calls.incrementAndGet();
            return "10.0.0.1";
        });
        i.start();
        assertThat(calls.get()).isEqualTo(1);
        List<Event> batch = Interceptors.batch("a", "b");
        i.intercept(batch);
        i.intercept(Event.ofString("c"));
        assertThat(calls.get()).isEqualTo(1);
        assertThat(batch).allSatisfy(e -> assertThat(e.header("host")).isEqualTo("10.0.0.1"));
    }

    @Test
    void resolvesLazilyOnceWhenNotStarted() {
        AtomicInteger calls = new AtomicInteger();
        HostInterceptor i = new HostInterceptor("h", false, () -> "n" + calls.incrementAndGet());
        assertThat(i.intercept(Event.ofString("a")).header("h")).isEqualTo("n1");
        assertThat(i.intercept(Event.ofString("b")).header("h")).isEqualTo("n1");
    }

    @Test
    void useIpDefaultGivesTheAddressAndFalseTheHostName() throws Exception {
        String ip = InetAddress.getLocalHost().getHostAddress();
        String name = InetAddress.getLocalHost().getCanonicalHostName();
        Interceptor byIp = Interceptors.create(provider, Map.of());
        byIp.start();
        assertThat(byIp.intercept(Event.ofString("a")).header("host")).isEqualTo(ip);
        Interceptor byName = Interceptors.create(provider, Map.of("useIP", "false", "hostHeader", "hn"));
        byName.start();
        assertThat(byName.intercept(Event.ofString("a")).header("hn")).isEqualTo(name);
    }

    @Test
    void preserveExisting() {
        Event e = Event.of(new byte[0], Map.of("host", "old"));
        new HostInterceptor("host", true, () -> "new").intercept(e);
        assertThat(e.header("host")).isEqualTo("old");
        new HostInterceptor("host", false, () -> "new").intercept(e);
        assertThat(e.header("host")).isEqualTo("new");
    }

    @Test
    void unresolvableHostPassesEventsWithoutHeader() {
        HostInterceptor i = new HostInterceptor("host", false, () -> {
            throw new UnknownHostException("nope");
        });
        i.start();
        Event e = i.intercept(Event.ofString("a"));
        assertThat(e).isNotNull();
        assertThat(e.hasHeaders()).isFalse();
    }
}
