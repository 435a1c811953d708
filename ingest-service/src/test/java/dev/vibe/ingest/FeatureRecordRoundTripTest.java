package dev.vibe.ingest;

import dev.vibe.common.events.FeatureRecord;
import dev.vibe.common.events.FeatureSource;
import dev.vibe.common.events.Topics;
import dev.vibe.common.json.EventDeserializer;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.ingest.service.TrackService;
import dev.vibe.ingest.service.TrackService.Outcome;
import dev.vibe.ingest.service.TrackService.SongData;
import dev.vibe.stack.test.VibeStackTestResource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A track stored in the real PostgreSQL reaches the real Kafka broker as a feature record, once per version. */
@Tag("stack")
@QuarkusTest
@QuarkusTestResource(VibeStackTestResource.class)
@QuarkusTestResource(OutsideServices.class)
class FeatureRecordRoundTripTest {

    static final double[] FEATURES = {0.554, 0.298, 7, -10.239, 1, 0.0291, 0.825, 0.000015, 0.109, 0.334, 138.057, 231_000, 4};

    @Inject
    TrackService tracks;

    @Test
    void storedTrackIsPublishedOncePerVersionAndReadBackFromPostgres() {
        String id = "rt" + UUID.randomUUID().toString().replace("-", "").substring(0, 20);
        AudioFeatures v1 = AudioFeatures.of(FEATURES);
        double[] changed = FEATURES.clone();
        changed[0] = 0.9;
        AudioFeatures v2 = AudioFeatures.of(changed);

        assertEquals(Outcome.CREATED, store(id, v1));
        assertEquals(Outcome.UNCHANGED, store(id, v1));
        assertEquals(Outcome.UPDATED, store(id, v2));

        var stored = tracks.find(id).orElseThrow();
        assertEquals(2, stored.version);
        assertEquals(v2, AudioFeatures.fromMap(stored.features));

        List<FeatureRecord> received = consume(id, 2);
        assertEquals(List.of(1L, 2L), received.stream().map(FeatureRecord::version).toList());
        assertEquals(v1, received.get(0).features());
        assertEquals(v2, received.get(1).features());
        assertEquals(List.of("Artist One", "Artist Two"), received.get(1).artists());
    }

    private Outcome store(String id, AudioFeatures f) {
        return QuarkusTransaction.requiringNew().call(() -> tracks.store(
                new SongData(id, "Round Trip", List.of("Artist One", "Artist Two"), "Album", f, FeatureSource.EXPORTIFY_CSV)));
    }

    /** Reads the feature topic from the start until {@code expected} records of the track came, then 2 s more. */
    static List<FeatureRecord> consume(String trackId, int expected) {
        List<FeatureRecord> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, VibeStackTestResource.servers().kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new EventDeserializer.FeatureRecords())) {
            consumer.subscribe(List.of(Topics.FEATURES));
            long deadline = System.currentTimeMillis() + 30_000;
            long quietUntil = Long.MAX_VALUE;
            while (System.currentTimeMillis() < Math.min(deadline, quietUntil)) {
                for (var r : consumer.poll(Duration.ofMillis(250))) {
                    if (trackId.equals(r.key())) {
                        out.add(r.value());
                    }
                }
                if (out.size() >= expected && quietUntil == Long.MAX_VALUE) {
                    quietUntil = System.currentTimeMillis() + 2_000; // duplicates would show up here
                }
            }
        }
        return out;
    }
}
