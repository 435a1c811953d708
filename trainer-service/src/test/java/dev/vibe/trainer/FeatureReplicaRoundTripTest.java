package dev.vibe.trainer;

import dev.vibe.common.events.FeatureRecord;
import dev.vibe.common.events.FeatureSource;
import dev.vibe.common.events.Topics;
import dev.vibe.common.json.EventSerializer;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.stack.test.VibeStackTestResource;
import dev.vibe.trainer.service.FeatureReplica;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Feature records sent to the real broker land in the trainer's replica in the real PostgreSQL, newest wins. */
@Tag("stack")
@QuarkusTest
@QuarkusTestResource(VibeStackTestResource.class)
class FeatureReplicaRoundTripTest {

    static final double[] FEATURES = {0.554, 0.298, 7, -10.239, 1, 0.0291, 0.825, 0.000015, 0.109, 0.334, 138.057, 231_000, 4};

    @Inject
    FeatureReplica replica;

    @Test
    void newestVersionWinsWhateverTheDeliveryOrder() throws Exception {
        String id = "tr" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        double[] newer = FEATURES.clone();
        newer[1] = 0.9;
        // version 2, then a late redelivery of version 1, then version 2 again: the replica must end at version 2.
        send(record(id, 2, newer), record(id, 1, FEATURES), record(id, 2, newer));

        await().atMost(Duration.ofSeconds(30)).until(() -> replica.find(id).isPresent());
        // a marker record on the same key (same partition, after the others) shows all three were consumed
        String marker = id + "m";
        send(record(marker, 1, FEATURES));
        await().atMost(Duration.ofSeconds(30)).until(() -> replica.find(marker).isPresent());

        var stored = replica.find(id).orElseThrow();
        assertEquals(2, stored.version);
        assertEquals(AudioFeatures.of(newer), AudioFeatures.fromMap(stored.features));
        assertEquals("Song " + id, stored.name);
    }

    private static FeatureRecord record(String id, long version, double[] f) {
        return new FeatureRecord(id, version, "Song " + id, List.of("A"), AudioFeatures.of(f), FeatureSource.EXPORTIFY_CSV, Instant.now());
    }

    private static void send(FeatureRecord... records) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, VibeStackTestResource.servers().kafka().bootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all"), new StringSerializer(), new EventSerializer<FeatureRecord>())) {
            for (FeatureRecord r : records) {
                // key = the partition of the test's first track, so the marker arrives after the others
                producer.send(new ProducerRecord<>(Topics.FEATURES, 0, r.trackId(), r)).get();
            }
        }
    }
}
