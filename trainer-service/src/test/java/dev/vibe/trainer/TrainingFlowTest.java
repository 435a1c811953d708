package dev.vibe.trainer;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.vibe.common.csv.SongCsv;
import dev.vibe.common.events.FeatureRecord;
import dev.vibe.common.events.FeatureSource;
import dev.vibe.common.events.ModelReady;
import dev.vibe.common.events.Topics;
import dev.vibe.common.events.TrainingRequest;
import dev.vibe.common.events.TrainingStatus;
import dev.vibe.common.json.EventJson;
import dev.vibe.common.json.EventSerializer;
import dev.vibe.common.model.ModelArtifact;
import dev.vibe.stack.test.VibeStackTestResource;
import dev.vibe.trainer.service.ModelRegistry;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A training request through the real broker becomes one stored, verifiable ONNX model and a model-ready event. */
@Tag("stack")
@QuarkusTest
@QuarkusTestResource(VibeStackTestResource.class)
class TrainingFlowTest {

    static final List<String> PLAYLISTS = List.of("Bluey", "Praise_Bangers", "No_Words_Allowed", "Country");
    static List<TrainingRequest.PlaylistSnapshot> snapshots = new ArrayList<>();
    static List<double[]> someSongs = new ArrayList<>();

    @Inject
    ModelRegistry registry;

    @BeforeAll
    static void publishTheSongsFeatures() throws Exception {
        try (var producer = producer()) {
            for (String name : PLAYLISTS) {
                Path file = Path.of(System.getProperty("vibe.home", "..")).resolve("data/exportify/" + name + ".csv");
                SongCsv.Result csv = SongCsv.read(Files.newBufferedReader(file));
                List<String> ids = new ArrayList<>();
                for (SongCsv.Song s : csv.songs()) {
                    ids.add(s.trackId());
                    producer.send(new ProducerRecord<>(Topics.FEATURES, s.trackId(),
                            new FeatureRecord(s.trackId(), 1, s.name(), s.artists(), s.features(), FeatureSource.EXPORTIFY_CSV, Instant.now())));
                    if (someSongs.size() < 50) {
                        someSongs.add(s.features().toArray());
                    }
                }
                snapshots.add(new TrainingRequest.PlaylistSnapshot(name.toLowerCase(), name.replace('_', ' '), ids));
            }
            producer.flush();
        }
    }

    /** Waits until the trainer's replica holds every song of the playlists (the features were published before the tests). */
    static void awaitReplica() {
        List<String> ids = snapshots.stream().flatMap(s -> s.trackIds().stream()).distinct().toList();
        org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> dev.vibe.trainer.domain.TrackFeatures.count("trackId in ?1", ids)) == ids.size());
    }

    @Test
    void requestDeliveredTwiceMakesOneVerifiedModelAndAnnouncesIt() throws Exception {
        awaitReplica();
        String vibe = "v" + UUID.randomUUID().toString().substring(0, 8);
        TrainingRequest request = new TrainingRequest(UUID.randomUUID().toString(), vibe, snapshots, Instant.now());
        send(Topics.TRAINING_REQUESTS, vibe, request);
        send(Topics.TRAINING_REQUESTS, vibe, request); // redelivery

        List<ModelReady> ready = read(Topics.MODELS, ModelReady.class, vibe, 2);
        assertEquals(2, ready.size(), "announced for each delivery");
        assertEquals(ready.get(0), ready.get(1), "the same model both times");
        assertEquals(1, registry.countForRequest(request.requestId()), "exactly one model for the request");
        ModelReady event = ready.get(0);
        assertEquals(1, event.modelVersion());
        assertEquals(List.of("Bluey", "Praise Bangers", "No Words Allowed", "Country"), event.playlistNames());
        for (String key : List.of("macroF1", "macroRocAuc", "top1Accuracy", "logLoss", "expectedCalibrationError", "randomForest.top1Accuracy",
                "randomForest.macroRocAuc", "randomForest.expectedCalibrationError", "logisticRegression.macroF1", "nearestCentroid.macroRocAuc")) {
            assertNotNull(event.metrics().get(key), key);
        }
        assertTrue(event.metrics().get("macroRocAuc") > 0.75, "held-out AUC " + event.metrics().get("macroRocAuc"));
        assertTrue(event.metrics().get("randomForest.macroRocAuc") > 0.75, "the forest learns these playlists too");
        double ece = event.metrics().get("expectedCalibrationError");
        assertTrue(ece >= 0 && ece < 0.2, "calibration error " + ece);

        var model = registry.byRequest(request.requestId()).orElseThrow();
        assertEquals(event.checksumSha256(), HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(model.onnx)));
        assertEquals(snapshots.stream().mapToInt(s -> s.trackIds().size()).sum(), model.songs.size(), "these playlists do not overlap");

        // the stored ONNX model runs in ONNX Runtime and answers a probability per playlist
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        float[][] x = new float[someSongs.size()][13];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < 13; j++) {
                x[i][j] = (float) someSongs.get(i)[j];
            }
        }
        try (OrtSession s = env.createSession(model.onnx, new OrtSession.SessionOptions());
             OnnxTensor t = OnnxTensor.createTensor(env, x); OrtSession.Result r = s.run(Map.of("features", t))) {
            float[][] p = (float[][]) r.get(0).getValue();
            assertEquals(x.length, p.length);
            assertEquals(4, p[0].length);
            float[][] conditional = (float[][]) r.get("conditional").orElseThrow().getValue();
            assertEquals(4, conditional[0].length, "the chance per playlist given the song is on one of them, beside the absolute one");
            Map<String, String> meta = s.getMetadata().getCustomMetadata();
            assertEquals(vibe, meta.get("vibe.id"));
            assertTrue(meta.get("vibe.model").contains("vibenet"), "the served graph is the vibe network");
            double threshold = Double.parseDouble(meta.get("vibe.fits_none_below"));
            assertTrue(threshold > 0 && threshold < 1, "fits none below " + threshold);
            // the background: whatever else is stored or loaded in this test stack (other tests may have left some),
            // topped up from the bundled sample, and said where it came from
            Map<?, ?> background = EventJson.read(meta.get("vibe.background").getBytes(java.nio.charset.StandardCharsets.UTF_8), Map.class);
            int songs = ((Number) background.get("songs")).intValue();
            assertTrue(songs > 1000, background.toString());
            assertEquals(songs, ((Number) background.get("stored")).intValue() + ((Number) background.get("catalogue")).intValue()
                    + ((Number) background.get("bundled")).intValue(), background.toString());
        }

        given().get("/api/v1/models/{v}", vibe).then().statusCode(200)
                .body("version", equalTo(1)).body("evaluation.network.macroF1", notNullValue())
                .body("evaluation.logisticRegression.macroF1", notNullValue()).body("evaluation.verdict", notNullValue())
                .body("evaluation.randomForest.macroRocAuc", notNullValue()).body("evaluation.bestBaseline", notNullValue())
                .body("evaluation.network.playlists[0].reliability.size()", equalTo(10))
                .body("evaluation.network.expectedCalibrationError", notNullValue());
        byte[] download = given().get("/api/v1/models/{v}/versions/1/onnx", vibe).then().statusCode(200).extract().asByteArray();
        assertEquals(model.onnx.length, download.length);

        // the artifact the scoring service loads: one record, read exactly as scoring reads it
        ModelArtifact artifact = EventJson.read(given().get("/api/v1/models/{v}/versions/1/artifact", vibe).then().statusCode(200)
                .extract().asByteArray(), ModelArtifact.class);
        assertEquals(null, artifact.problem(event.checksumSha256()), "the artifact verifies against the announcement");
        assertEquals(ModelArtifact.FORMAT, artifact.format());
        assertEquals(event.playlistNames(), artifact.playlistNames());
        assertEquals(model.songs.size(), artifact.songs().size());
        assertTrue(artifact.songs().stream().allMatch(s -> !s.playlists().isEmpty() && s.features() != null));
        // each song judged by a model that did not train on it (the members that held it out; 4 members of 7 folds hold
        // out 4/7 of the training songs, and the songs held out for the report are all judged by the served network)
        long judged = artifact.songs().stream().filter(s -> s.heldOut() != null && s.heldOut().size() == 4).count();
        assertTrue(judged > 0.55 * artifact.songs().size(), judged + " of " + artifact.songs().size() + " songs judged");
        assertTrue(artifact.songs().stream().anyMatch(s -> !s.artists().isEmpty()), "the songs' artists, for the misfits");
        given().get("/api/v1/models/{v}", vibe).then().statusCode(200).body("evaluation.openSet.macroRocAuc", notNullValue())
                .body("evaluation.openSet.playlists[0].reliability.size()", equalTo(10));
        assertTrue(event.metrics().get("openSet.rocAuc") > 0.8, "each playlist's held-out songs against the held-out background " + event.metrics());
        assertTrue(event.metrics().get("openSet.backgroundClaimed") < 0.1, "background songs claimed " + event.metrics());
        assertEquals(artifact, EventJson.read(given().get("/api/v1/models/{v}/artifact", vibe).then().statusCode(200).extract().asByteArray(),
                ModelArtifact.class), "the latest artifact is version 1");
        List<String> listed = given().get("/api/v1/models").then().statusCode(200).extract().jsonPath().getList("vibeId");
        assertTrue(listed.contains(vibe), listed.toString());

        List<TrainingStatus> progress = read(Topics.TRAINING_STATUS, TrainingStatus.class, vibe, 1);
        assertEquals(TrainingStatus.State.TRAINING, progress.get(0).state());
    }

    @Test
    void songsWithoutFeaturesFailTheRequestWithAReason() throws Exception {
        awaitReplica();
        String vibe = "v" + UUID.randomUUID().toString().substring(0, 8);
        var unknown = new TrainingRequest.PlaylistSnapshot("ghosts", "Ghosts", List.of("0000000000000000000001", "0000000000000000000002", "0000000000000000000003"));
        TrainingRequest request = new TrainingRequest(UUID.randomUUID().toString(), vibe, List.of(snapshots.get(0), unknown), Instant.now());
        send(Topics.TRAINING_REQUESTS, vibe, request);
        List<TrainingStatus> statuses = read(Topics.TRAINING_STATUS, TrainingStatus.class, vibe, 2);
        TrainingStatus last = statuses.get(statuses.size() - 1);
        assertEquals(TrainingStatus.State.FAILED, last.state());
        assertTrue(last.message().contains("3 of") && last.message().contains("no features"), last.message());
        given().get("/api/v1/models/{v}", vibe).then().statusCode(404).contentType("application/problem+json");
    }

    static KafkaProducer<String, Object> producer() {
        return new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
                VibeStackTestResource.servers().kafka().bootstrapServers()), new StringSerializer(), new EventSerializer<>());
    }

    static void send(String topic, String key, Object event) throws Exception {
        try (var p = producer()) {
            p.send(new ProducerRecord<>(topic, key, event)).get();
        }
    }

    static <T> List<T> read(String topic, Class<T> type, String key, int atLeast) {
        List<T> out = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(Map.<String, Object>of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, VibeStackTestResource.servers().kafka().bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer.subscribe(List.of(topic));
            long deadline = System.currentTimeMillis() + 90_000;
            while (out.size() < atLeast && System.currentTimeMillis() < deadline) {
                consumer.poll(Duration.ofMillis(250)).forEach(r -> {
                    if (key.equals(r.key())) {
                        out.add(EventJson.read(r.value(), type));
                    }
                });
            }
        }
        return out;
    }
}
