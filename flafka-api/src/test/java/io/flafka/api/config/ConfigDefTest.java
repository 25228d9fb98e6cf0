package io.flafka.api.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConfigDefTest {
    static final ConfigKey<Integer> CAPACITY = ConfigKey.intKey("capacity").defaultValue(100)
            .validator(Validators.atLeast(1)).doc("Maximum events held. More text.").build();
    static final ConfigKey<String> TOPIC = ConfigKey.stringKey("kafka.topic").defaultValue("default-flume-topic")
            .deprecated("topic").build();
    static final ConfigKey<Integer> BATCH = ConfigKey.intKey("flumeBatchSize").defaultValue(100)
            .alias("kafka.flumeBatchSize").deprecated("batchSize").build();
    static final ConfigKey<String> SERVERS = ConfigKey.stringKey("kafka.bootstrap.servers").required()
            .doc("Broker list.").build();
    static final ConfigKey<String> PASSWORD = ConfigKey.passwordKey("keystore-password").build();
    static final ConfigKey<Boolean> FLAG = ConfigKey.booleanKey("useFlumeEventFormat").defaultValue(false).build();
    static final ConfigKey<List<String>> TOPICS = ConfigKey.listKey("kafka.topics").build();

    static final ConfigDef DEF = ConfigDef.builder()
            .keys(CAPACITY, TOPIC, BATCH, SERVERS, PASSWORD, FLAG, TOPICS)
            .prefix("kafka.producer.", "Passed to the producer.")
            .refuse("zookeeperConnect", "ZooKeeper is not supported; set kafka.bootstrap.servers")
            .ignore("migrateZookeeperOffsets", "no ZooKeeper offsets exist")
            .batchSizeKey("flumeBatchSize")
            .build();

    private static Map<String, String> raw(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put(kv[i], kv[i + 1]);
        }
        return m;
    }

    @Test
    void typedValuesAndDefaults() {
        Config c = Config.parse(DEF, raw("kafka.bootstrap.servers", "h:9092", "capacity", " 42 ",
                "useFlumeEventFormat", "TRUE", "kafka.topics", "a, b  c,d"));
        assertThat(c.get(CAPACITY)).isEqualTo(42);
        assertThat(c.get(TOPIC)).isEqualTo("default-flume-topic");
        assertThat(c.get(FLAG)).isTrue();
        assertThat(c.get(TOPICS)).containsExactly("a", "b", "c", "d");
        assertThat(c.isSet(CAPACITY)).isTrue();
        assertThat(c.isSet(TOPIC)).isFalse();
    }

    @Test
    void everyErrorIsReportedAtOnceWithItsPath() {
        Diagnostics d = new Diagnostics();
        DEF.validate(raw("capacity", "abc", "capasity", "3", "useFlumeEventFormat", "yes",
                "zookeeperConnect", "zk:2181"), "a1.sinks.k1.", d);
        assertThat(d.errors()).extracting(ConfigError::toString).containsExactlyInAnyOrder(
                "a1.sinks.k1.capacity: 'abc' is not an integer",
                "a1.sinks.k1.kafka.bootstrap.servers: is required (Broker list)",
                "a1.sinks.k1.useFlumeEventFormat: 'yes' is not true or false",
                "a1.sinks.k1.zookeeperConnect: ZooKeeper is not supported; set kafka.bootstrap.servers",
                "a1.sinks.k1.capasity: unknown key; did you mean 'capacity'?");
    }

    @Test
    void validatorMessageNamesTheValue() {
        Diagnostics d = new Diagnostics();
        DEF.validate(raw("kafka.bootstrap.servers", "h", "capacity", "0"), "c1.", d);
        assertThat(d.errors()).extracting(ConfigError::toString)
                .containsExactly("c1.capacity: must be at least 1 (was '0')");
    }

    @Test
    void deprecatedSpellingWorksWithAWarningAndAliasesSilently() {
        Diagnostics d = new Diagnostics();
        Config c = DEF.validate(raw("kafka.bootstrap.servers", "h", "topic", "t1", "batchSize", "7"), "k.", d);
        assertThat(d.errors()).isEmpty();
        assertThat(c.get(TOPIC)).isEqualTo("t1");
        assertThat(c.get(BATCH)).isEqualTo(7);
        assertThat(d.warnings()).extracting(ConfigError::path).containsExactlyInAnyOrder("k.topic", "k.batchSize");

        Diagnostics d2 = new Diagnostics();
        Config c2 = DEF.validate(raw("kafka.bootstrap.servers", "h", "kafka.flumeBatchSize", "9"), "k.", d2);
        assertThat(d2.warnings()).isEmpty();
        assertThat(c2.get(BATCH)).isEqualTo(9);
    }

    @Test
    void canonicalSpellingWinsOverDeprecatedOne() {
        Diagnostics d = new Diagnostics();
        Config c = DEF.validate(raw("kafka.bootstrap.servers", "h", "topic", "old", "kafka.topic", "new"), "", d);
        assertThat(c.get(TOPIC)).isEqualTo("new");
        assertThat(d.warnings()).hasSize(1);
    }

    @Test
    void passThroughPrefixesAndIgnoredKeys() {
        Diagnostics d = new Diagnostics();
        Config c = DEF.validate(raw("kafka.bootstrap.servers", "h", "kafka.producer.linger.ms", "5",
                "migrateZookeeperOffsets", "true"), "", d);
        assertThat(d.errors()).isEmpty();
        assertThat(d.infos()).hasSize(1);
        assertThat(c.subProperties("kafka.producer.")).containsEntry("linger.ms", "5");
    }

    @Test
    void secretsAreMasked() {
        Diagnostics d = new Diagnostics();
        Config c = DEF.validate(raw("kafka.bootstrap.servers", "h", "keystore-password", "hunter2",
                "kafka.producer.sasl.jaas.config", "org.Foo required password=\"x\";"), "", d);
        assertThat(c.toString()).doesNotContain("hunter2").doesNotContain("password=\"x\"");
        assertThat(c.get(PASSWORD)).isEqualTo("hunter2");
        assertThat(Secrets.isSecretKey("kafka.consumer.ssl.truststore.password")).isTrue();
        assertThat(Secrets.isSecretKey("kafka.topic")).isFalse();
    }

    @Test
    void openDefinitionAcceptsAnythingAndRawGettersWork() {
        Config c = Config.ofRaw(raw("threadNum", "200", "flag", "true"));
        assertThat(c.getInt("threadNum", 5)).isEqualTo(200);
        assertThat(c.getInt("missing", 5)).isEqualTo(5);
        assertThat(c.getBoolean("flag", false)).isTrue();
        assertThatThrownBy(() -> Config.ofRaw(raw("n", "x")).getLong("n", 1))
                .isInstanceOf(ConfigException.class).hasMessageContaining("n: 'x' is not a number");
    }

    @Test
    void parseThrowsWithAllErrors() {
        assertThatThrownBy(() -> Config.parse(DEF, raw("capacity", "-1")))
                .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.errors()).hasSize(2));
    }

    @Test
    void duplicateDeclarationIsAProgrammingError() {
        assertThatThrownBy(() -> ConfigDef.of(CAPACITY, CAPACITY)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void didYouMeanOnlySuggestsCloseNames() {
        assertThat(DidYouMean.suggest("netkat", List.of("netcat", "seq", "exec"))).isEqualTo("netcat");
        assertThat(DidYouMean.suggest("zzzzzz", List.of("netcat", "seq"))).isNull();
    }
}
