package dev.vibe.stack;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("stack")
class LocalServersTest {

    @Test
    void realServersServeAndKeepTheirDataAcrossARestart(@TempDir Path dir) throws Exception {
        try (LocalServers servers = LocalServers.onFreePorts(dir).start()) {
            assertTrue(servers.postgres().version().startsWith("PostgreSQL"), servers.postgres().version());
            sql(servers, "create table t(v text)");
            sql(servers, "insert into t values ('kept')");
            // a table as stacks made it before each service had a login of its own: owned by the superuser, with a serial
            sql(servers, "create table ingest.older(id bigserial primary key, v text)");
            // topics are made on purpose: the stack's own, compacted where a new instance replays them; nothing else
            String kafka = servers.kafka().bootstrapServers();
            assertEquals(java.util.Set.of(), dev.vibe.common.events.TopicCheck.missing(kafka, 10));
            try (var admin = org.apache.kafka.clients.admin.Admin.create(Map.<String, Object>of("bootstrap.servers", kafka))) {
                for (var spec : dev.vibe.common.events.Topics.ALL) {
                    var resource = new org.apache.kafka.common.config.ConfigResource(org.apache.kafka.common.config.ConfigResource.Type.TOPIC, spec.name());
                    assertEquals(spec.cleanupPolicy(), admin.describeConfigs(List.of(resource)).all().get().get(resource).get("cleanup.policy").value(), spec.name());
                    assertEquals(spec.partitions(), admin.describeTopics(List.of(spec.name())).allTopicNames().get().get(spec.name()).partitions().size());
                }
                assertTrue(dev.vibe.common.events.Topics.ALL.stream().filter(t -> t.name().equals(dev.vibe.common.events.Topics.FEATURES))
                        .allMatch(dev.vibe.common.events.Topics.Spec::compacted), "vibe-features is compacted");
                // a client that names an unknown topic does not make it
                try (var producer = new KafkaProducer<String, String>(Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka,
                        ProducerConfig.MAX_BLOCK_MS_CONFIG, 3000), new StringSerializer(), new StringSerializer())) {
                    assertThrows(Exception.class, () -> producer.send(new ProducerRecord<>("vibe-typo", "k", "v")).get());
                }
                assertFalse(admin.listTopics().names().get().contains("vibe-typo"), "auto-creation is off");
                admin.createTopics(List.of(new org.apache.kafka.clients.admin.NewTopic("stack-test", 1, (short) 1))).all().get();
                // a topic gone: the check names it and says how to make it
                admin.deleteTopics(List.of(dev.vibe.common.events.Topics.MODELS)).all().get();
            }
            var gone = assertThrows(dev.vibe.common.events.TopicCheck.MissingTopics.class, () -> dev.vibe.common.events.TopicCheck.require(kafka, 10));
            assertEquals(java.util.Set.of("vibe-models"), gone.missing());
            assertTrue(gone.getMessage().contains("has no topic vibe-models") && gone.getMessage().contains("kafka-topics.yaml"), gone.getMessage());
            send(servers, "before-restart");

            long kafkaPid = servers.kafka().pid();
            long postgresPid = servers.postgres().pid();
            servers.kafka().stop();
            servers.postgres().stop();
            assertFalse(ProcessHandle.of(kafkaPid).map(ProcessHandle::isAlive).orElse(false), "Kafka still running");
            assertFalse(ProcessHandle.of(postgresPid).map(ProcessHandle::isAlive).orElse(false), "PostgreSQL still running");

            servers.postgres().start();
            servers.kafka().start();
            assertEquals("kept", query(servers, "select v from t"));
            assertEquals("vibe_ingest", query(servers, "select tableowner from pg_tables where schemaname = 'ingest' and tablename = 'older'"));
            assertEquals("vibe_ingest", query(servers, "select pg_get_userbyid(relowner) from pg_class where relname = 'older_id_seq'"));
            assertEquals(java.util.Set.of(), dev.vibe.common.events.TopicCheck.missing(servers.kafka().bootstrapServers(), 10), "made again at start");
            send(servers, "after-restart");
            assertEquals(List.of("before-restart", "after-restart"), readAll(servers));
        }
    }

    private static void sql(LocalServers s, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(s.postgres().jdbcUrl(), PostgresServer.USER, "")) {
            c.createStatement().execute(sql);
        }
    }

    private static String query(LocalServers s, String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(s.postgres().jdbcUrl(), PostgresServer.USER, "");
             ResultSet rs = c.createStatement().executeQuery(sql)) {
            rs.next();
            return rs.getString(1);
        }
    }

    private static void send(LocalServers s, String value) throws Exception {
        try (var producer = new KafkaProducer<String, String>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new StringSerializer())) {
            producer.send(new ProducerRecord<>("stack-test", "k", value)).get();
        }
    }

    private static List<String> readAll(LocalServers s) {
        List<String> values = new ArrayList<>();
        try (var consumer = new KafkaConsumer<String, String>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, s.kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "stack-test",
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of("stack-test"));
            long deadline = System.currentTimeMillis() + 30_000;
            while (values.size() < 2 && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(500)).forEach(r -> values.add(r.value()));
            }
        }
        return values;
    }
}
