package dev.vibe.ingest;

import dev.vibe.common.json.EventJson;
import dev.vibe.common.json.EventSerializer;
import dev.vibe.stack.test.VibeStackTestResource;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.awaitility.Awaitility.await;

/** Test access to the real broker: read a topic from the start, send events. */
final class Kafka {

    private Kafka() {
    }

    static String bootstrap() {
        return VibeStackTestResource.servers().kafka().bootstrapServers();
    }

    /**
     * Reads {@code topic} from the beginning until {@code expected} matching records came (or 60 s passed), then
     * {@code settle} longer so that duplicates would show.
     */
    static <T> List<T> read(String topic, Class<T> type, Predicate<ConsumerRecord<String, byte[]>> match, int expected, Duration settle) {
        List<T> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 60_000;
            long settledAt = Long.MAX_VALUE;
            while (System.currentTimeMillis() < Math.min(deadline, settledAt)) {
                for (var r : consumer.poll(Duration.ofMillis(250))) {
                    if (match.test(r)) {
                        out.add(EventJson.read(r.value(), type));
                    }
                }
                if (out.size() >= expected && settledAt == Long.MAX_VALUE) {
                    settledAt = System.currentTimeMillis() + settle.toMillis();
                }
            }
        }
        return out;
    }

    static RecordMetadata send(String topic, String key, Object event) {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()),
                new StringSerializer(), new EventSerializer<>())) {
            return producer.send(new ProducerRecord<>(topic, key, event)).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Waits until consumer group {@code group} committed an offset past {@code sent}: the service has handled that record. */
    static void awaitHandled(String group, RecordMetadata sent) {
        var partition = new TopicPartition(sent.topic(), sent.partition());
        try (var admin = Admin.create(Map.<String, Object>of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap()))) {
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                OffsetAndMetadata committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().get(partition);
                return committed != null && committed.offset() > sent.offset();
            });
        }
    }
}
