package dev.vibe.common;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibe.common.events.FeatureRecord;
import dev.vibe.common.events.FeatureSource;
import dev.vibe.common.events.ModelReady;
import dev.vibe.common.events.TrainingRequest;
import dev.vibe.common.events.TrainingStatus;
import dev.vibe.common.json.EventDeserializer;
import dev.vibe.common.json.EventJson;
import dev.vibe.common.json.EventSerializer;
import dev.vibe.common.schema.AudioFeatures;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EventJsonTest {

    static final Instant AT = Instant.parse("2026-11-24T12:00:00Z");

    @Test
    void featureRecordRoundTripsThroughKafkaSerde() throws Exception {
        var record = new FeatureRecord("4uLU6hMCjMI75M1A2tKUQC", 2, "Song", List.of("A", "B"),
                AudioFeatures.of(FeatureSchemaTest.SAMPLE), FeatureSource.EXPORTIFY_CSV, AT);
        byte[] bytes = new EventSerializer<FeatureRecord>().serialize("t", record);
        JsonNode json = EventJson.MAPPER.readTree(bytes);
        assertEquals(0.554, json.at("/features/danceability").asDouble());
        assertEquals("2026-11-24T12:00:00Z", json.get("storedAt").asText());
        assertEquals(record, new EventDeserializer.FeatureRecords().deserialize("t", bytes));
    }

    @Test
    void otherEventsRoundTrip() {
        var request = new TrainingRequest("r1", "v1", List.of(
                new TrainingRequest.PlaylistSnapshot("p0", "Acoustic", List.of("a", "b")),
                new TrainingRequest.PlaylistSnapshot("p1", "Country", List.of("b", "c"))), AT);
        assertEquals(request, new EventDeserializer.TrainingRequests().deserialize("t", EventJson.write(request)));

        var status = new TrainingStatus("r1", "v1", TrainingStatus.State.TRAINING, "epoch 3/50", AT);
        assertEquals(status, new EventDeserializer.TrainingStatuses().deserialize("t", EventJson.write(status)));

        var ready = new ModelReady("v1", 1, "r1", "ab12", List.of("p0", "p1"), List.of("Acoustic", "Country"),
                Map.of("macroF1", 0.8), AT);
        assertEquals(ready, new EventDeserializer.ModelsReady().deserialize("t", EventJson.write(ready)));
    }

    @Test
    void newerProducersExtraFieldsAreIgnoredButBrokenFeaturesAreNot() {
        String newer = "{\"vibeId\":\"v\",\"modelVersion\":3,\"requestId\":\"r\",\"checksumSha256\":\"x\","
                + "\"playlistIds\":[\"a\",\"b\"],\"playlistNames\":[\"A\",\"B\"],\"futureField\":42}";
        assertEquals(3, EventJson.read(newer.getBytes(StandardCharsets.UTF_8), ModelReady.class).modelVersion());

        String bad = "{\"trackId\":\"t\",\"version\":1,\"source\":\"CATALOGUE\",\"features\":{\"tempo\":-5}}";
        assertThrows(RuntimeException.class, () -> EventJson.read(bad.getBytes(StandardCharsets.UTF_8), FeatureRecord.class));
    }

    @Test
    void trainingRequestNeedsTwoPlaylists() {
        var one = List.of(new TrainingRequest.PlaylistSnapshot("p0", "A", List.of("a")));
        assertThrows(IllegalArgumentException.class, () -> new TrainingRequest("r", "v", one, AT));
    }
}
