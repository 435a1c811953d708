package dev.vibe.scoring;

import dev.vibe.common.events.ModelReady;
import dev.vibe.common.events.Topics;
import dev.vibe.common.json.EventSerializer;
import dev.vibe.scoring.service.ModelRegistry;
import dev.vibe.stack.PostgresServer;
import dev.vibe.stack.test.VibeStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

/** A model registered in the real PostgreSQL and announced on the real broker is served after its checksum passes. */
@QuarkusTest
@QuarkusTestResource(VibeStackTestResource.class)
class ModelReadyRoundTripTest {

    @Test
    void announcedModelIsServedOnlyWhenItsChecksumMatches() throws Exception {
        String vibe = "vibe-" + UUID.randomUUID();
        byte[] v1 = "model one".getBytes(StandardCharsets.UTF_8);
        register(vibe, 1, v1, ModelRegistry.sha256(v1));
        announce(vibe, 1, ModelRegistry.sha256(v1));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/v1/vibes/{v}/model", vibe).then().statusCode(200)
                        .body("modelVersion", equalTo(1))
                        .body("playlists", equalTo(List.of("Acoustic", "Country"))));

        // Version 2 is stored corrupt (checksum of other bytes): it must never be served; v3 then replaces v1.
        byte[] v2 = "model two".getBytes(StandardCharsets.UTF_8);
        register(vibe, 2, v2, ModelRegistry.sha256("something else".getBytes(StandardCharsets.UTF_8)));
        announce(vibe, 2, ModelRegistry.sha256("something else".getBytes(StandardCharsets.UTF_8)));
        byte[] v3 = "model three".getBytes(StandardCharsets.UTF_8);
        register(vibe, 3, v3, ModelRegistry.sha256(v3));
        announce(vibe, 3, ModelRegistry.sha256(v3));

        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/v1/vibes/{v}/model", vibe).then().statusCode(200).body("modelVersion", equalTo(3)));
    }

    @Test
    void unknownVibeIsAProblem404() {
        given().get("/api/v1/vibes/{v}/model", "no-such-vibe").then()
                .statusCode(404)
                .contentType("application/problem+json")
                .body("status", equalTo(404));
    }

    private static void register(String vibe, int version, byte[] onnx, String checksum) throws Exception {
        var pg = VibeStackTestResource.servers().postgres();
        try (var c = DriverManager.getConnection(pg.jdbcUrl(), PostgresServer.USER, "");
             var st = c.prepareStatement("insert into trainer.model (vibe_id, version, request_id, onnx, checksum_sha256, feature_schema,"
                     + " playlist_ids, playlist_names) values (?, ?, ?, ?, ?, 1, '[\"p0\",\"p1\"]', '[\"Acoustic\",\"Country\"]')")) {
            st.setString(1, vibe);
            st.setInt(2, version);
            st.setString(3, UUID.randomUUID().toString());
            st.setBytes(4, onnx);
            st.setString(5, checksum);
            st.executeUpdate();
        }
    }

    private static void announce(String vibe, int version, String checksum) throws Exception {
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, VibeStackTestResource.servers().kafka().bootstrapServers()),
                new StringSerializer(), new EventSerializer<ModelReady>())) {
            producer.send(new ProducerRecord<>(Topics.MODELS, vibe, new ModelReady(vibe, version, UUID.randomUUID().toString(),
                    checksum, List.of("p0", "p1"), List.of("Acoustic", "Country"), Map.of("macroF1", 0.7), Instant.now()))).get();
        }
    }
}
