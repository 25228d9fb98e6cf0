package io.flafka.core.interceptor;

import static org.assertj.core.api.Assertions.assertThat;

import io.flafka.api.ComponentKind;
import io.flafka.api.ComponentProvider;
import io.flafka.api.config.Config;
import io.flafka.api.metrics.CounterGroup;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/** Every built-in interceptor, selector and processor is discoverable and named as in Flume. */
class ProvidersTest {

    @Test
    @SuppressWarnings({"rawtypes", "unchecked"})
    void serviceLoaderFindsEveryComponentUnderItsFlumeNames() {
        List<ComponentProvider> found = new ArrayList<>();
        ServiceLoader.load(ComponentProvider.class).forEach(found::add);
        Map<String, String> expected = Map.ofEntries(
                Map.entry("timestamp", "org.apache.flume.interceptor.TimestampInterceptor$Builder"),
                Map.entry("host", "org.apache.flume.interceptor.HostInterceptor$Builder"),
                Map.entry("static", "org.apache.flume.interceptor.StaticInterceptor$Builder"),
                Map.entry("remove_header", "org.apache.flume.interceptor.RemoveHeaderInterceptor$Builder"),
                Map.entry("uuid", "org.apache.flume.sink.solr.morphline.UUIDInterceptor$Builder"),
                Map.entry("search_replace", "org.apache.flume.interceptor.SearchAndReplaceInterceptor$Builder"),
                Map.entry("regex_filter", "org.apache.flume.interceptor.RegexFilteringInterceptor$Builder"),
                Map.entry("regex_extractor", "org.apache.flume.interceptor.RegexExtractorInterceptor$Builder"),
                Map.entry("replicating", "org.apache.flume.channel.ReplicatingChannelSelector"),
                Map.entry("multiplexing", "org.apache.flume.channel.MultiplexingChannelSelector"),
                Map.entry("load_balancing", "org.apache.flume.channel.LoadBalancingChannelSelector"),
                Map.entry("default", "org.apache.flume.sink.DefaultSinkProcessor"),
                Map.entry("failover", "org.apache.flume.sink.FailoverSinkProcessor"),
                Map.entry("load_balance", "org.apache.flume.sink.LoadBalancingSinkProcessor"));
        for (Map.Entry<String, String> e : expected.entrySet()) {
            ComponentProvider p = found.stream()
                    .filter(x -> x.type().equals(e.getKey()) && x.aliases().contains(e.getValue()))
                    .findFirst().orElseThrow(() -> new AssertionError("no provider for " + e));
            assertThat(p.kind()).isIn(ComponentKind.INTERCEPTOR, ComponentKind.SELECTOR, ComponentKind.SINK_PROCESSOR);
            assertThat(p.description()).isNotBlank();
        }
    }

    @Test
    @SuppressWarnings({"rawtypes", "unchecked"})
    void everyProviderCreatesItsKindFromDefaults() throws Exception {
        for (ComponentProvider p : ServiceLoader.load(ComponentProvider.class)) {
            if (!p.getClass().getName().startsWith("io.flafka.core.")
                    || !List.of("io.flafka.core.interceptor", "io.flafka.core.selector", "io.flafka.core.processor")
                    .contains(p.getClass().getPackageName())) {
                continue;
            }
            Map<String, String> raw = switch (p.type()) {
                case "search_replace" -> Map.of("searchPattern", "a", "replaceString", "b");
                case "regex_extractor" -> Map.of("regex", "(a)", "serializers", "s", "serializers.s.name", "h");
                default -> Map.of();
            };
            Object made = p.create(new io.flafka.api.ComponentContext("a1", "r1.x", p.kind(),
                    Config.parse(p.configDef(), raw), new CounterGroup(p.kind().metricsPrefix(), "x")));
            assertThat(made).as(p.type()).isInstanceOf(p.kind().spiType());
        }
    }
}
