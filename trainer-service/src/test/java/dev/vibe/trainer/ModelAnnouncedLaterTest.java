package dev.vibe.trainer;

import dev.vibe.common.events.ModelReady;
import dev.vibe.common.events.Topics;
import dev.vibe.common.model.ModelArtifact;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.common.util.Hashing;
import dev.vibe.outbox.Outbox;
import dev.vibe.stack.KafkaBroker;
import dev.vibe.stack.test.VibeStackTestResource;
import dev.vibe.trainer.domain.ModelRecord;
import dev.vibe.trainer.service.ModelRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A model stored while Kafka is down is announced once Kafka is back: no stored model is ever silent. */
@Tag("stack")
@QuarkusTest
@QuarkusTestResource(VibeStackTestResource.class)
class ModelAnnouncedLaterTest {

    @Inject
    ModelRegistry registry;

    @Inject
    Outbox outbox;

    @Test
    void aModelStoredWhileKafkaIsDownIsAnnouncedWhenItIsBack() {
        String vibe = "later-" + UUID.randomUUID().toString().substring(0, 8);
        ModelRecord m = new ModelRecord();
        m.vibeId = vibe;
        m.requestId = UUID.randomUUID().toString();
        m.onnx = new byte[]{1, 2, 3};
        m.checksumSha256 = Hashing.sha256Hex(m.onnx);
        m.featureSchema = 1;
        m.playlistIds = List.of("a", "b");
        m.playlistNames = List.of("A", "B");
        m.metrics = Map.of();
        m.songs = List.of(new ModelArtifact.TrainingSong("s", "S", List.of(0),
                AudioFeatures.of(0.5, 0.5, 1, -6, 1, 0.05, 0.2, 0, 0.1, 0.5, 120, 200000, 4)));
        m.createdAt = Instant.now().truncatedTo(ChronoUnit.MICROS);

        KafkaBroker kafka = VibeStackTestResource.servers().kafka();
        kafka.stop();
        try {
            registry.store(m, Map.of("macroF1", 0.5));
            assertTrue(outbox.pending() >= 1, "the announcement waits in the outbox");
        } finally {
            kafka.start();
        }
        List<ModelReady> announced = TrainingFlowTest.read(Topics.MODELS, ModelReady.class, vibe, 1);
        assertEquals(1, announced.size());
        assertEquals(m.checksumSha256, announced.get(0).checksumSha256());
        assertEquals(1, announced.get(0).modelVersion());
    }
}
