package dev.vibe.ingest;

import dev.vibe.common.events.ModelReady;
import dev.vibe.common.events.Topics;
import dev.vibe.common.events.TrainingRequest;
import dev.vibe.common.events.TrainingStatus;
import dev.vibe.stack.test.VibeStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Learn a vibe: the training request reaches the broker with the playlists' songs; trainer events drive the status. */
@Tag("stack")
@QuarkusTest
@QuarkusTestResource(VibeStackTestResource.class)
@QuarkusTestResource(OutsideServices.class)
class VibeLifecycleTest {

    @Test
    void learnPublishesARequestAndTheStatusFollowsTheTrainer() {
        Csv.importPlaylist("Vibe Country", Csv.read("exportify/Country.csv")).statusCode(201);
        Csv.importPlaylist("Vibe Acoustic", Csv.read("exportify/Acoustic.csv")).statusCode(201);
        List<String> countryIds = given().get("/api/v1/playlists/vibe-country").then().extract().jsonPath().getList("songs.id");

        JsonPath vibe = given().contentType("application/json").body(Map.of("playlistIds", List.of("vibe-country", "vibe-acoustic")))
                .post("/api/v1/vibes").then().statusCode(202)
                .header("Location", containsString("/api/v1/vibes/"))
                .body("status", equalTo("PENDING"))
                .body("name", equalTo("Vibe Country / Vibe Acoustic"))
                .extract().jsonPath();
        String vibeId = vibe.getString("id");
        String requestId = vibe.getString("requestId");

        List<TrainingRequest> requests = Kafka.read(Topics.TRAINING_REQUESTS, TrainingRequest.class, r -> vibeId.equals(r.key()), 1, Duration.ofMillis(500));
        assertEquals(1, requests.size());
        TrainingRequest request = requests.get(0);
        assertEquals(requestId, request.requestId());
        assertEquals(List.of("vibe-country", "vibe-acoustic"), request.playlists().stream().map(TrainingRequest.PlaylistSnapshot::playlistId).toList());
        assertEquals(countryIds, request.playlists().get(0).trackIds());
        assertEquals(31, request.playlists().get(1).trackIds().size());

        Kafka.send(Topics.TRAINING_STATUS, vibeId, new TrainingStatus(requestId, vibeId, TrainingStatus.State.TRAINING, "epoch 3/50", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/v1/vibes/{id}", vibeId).then().body("status", equalTo("TRAINING")).body("message", equalTo("epoch 3/50")));

        // an event of some other (older) request is ignored: the next event of this request finds TRAINING, not FAILED
        Kafka.send(Topics.TRAINING_STATUS, vibeId, new TrainingStatus("older-request", vibeId, TrainingStatus.State.FAILED, "old", Instant.now()));
        Kafka.send(Topics.TRAINING_STATUS, vibeId, new TrainingStatus(requestId, vibeId, TrainingStatus.State.TRAINING, "epoch 4/50", Instant.now()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/v1/vibes/{id}", vibeId).then().body("message", equalTo("epoch 4/50")).body("status", equalTo("TRAINING")));

        Kafka.send(Topics.MODELS, vibeId, new ModelReady(vibeId, 1, requestId, "ab".repeat(32), List.of("vibe-country", "vibe-acoustic"),
                List.of("Vibe Country", "Vibe Acoustic"), Map.of("macroF1", 0.81), Instant.now()));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                given().get("/api/v1/vibes/{id}", vibeId).then().body("status", equalTo("READY"))
                        .body("modelVersion", equalTo(1)).body("metrics.macroF1", equalTo(0.81f)));

        // a late TRAINING of the same request does not undo READY (checked once the service has handled it)
        var late = Kafka.send(Topics.TRAINING_STATUS, vibeId, new TrainingStatus(requestId, vibeId, TrainingStatus.State.TRAINING, "late", Instant.now()));
        Kafka.awaitHandled("ingest-vibes", late);
        given().get("/api/v1/vibes/{id}", vibeId).then().body("status", equalTo("READY")).body("modelVersion", equalTo(1));
        given().get("/api/v1/vibes").then().statusCode(200).body("id", hasItem(vibeId));
    }

    @Test
    void badVibeRequestsNameTheProblem() {
        Csv.importPlaylist("Vibe Bluey", Csv.read("exportify/Bluey.csv")).statusCode(201);
        given().contentType("application/json").body(Map.of("playlistIds", List.of("vibe-bluey"))).post("/api/v1/vibes")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("playlistIds"));
        given().contentType("application/json").body(Map.of("playlistIds", List.of("vibe-bluey", "no-such-list"))).post("/api/v1/vibes")
                .then().statusCode(400).body("errors[0].field", equalTo("playlistIds[1]"))
                .body("errors[0].message", containsString("import it first"));
        given().contentType("application/json").body(Map.of("playlistIds", List.of("vibe-bluey", "vibe-bluey"))).post("/api/v1/vibes")
                .then().statusCode(400).body("errors[0].message", containsString("listed twice"));
        given().contentType("application/json").body("{\"playlistIds\": \"vibe-bluey\"").post("/api/v1/vibes").then().log().ifValidationFails().and()
                .statusCode(400).contentType("application/problem+json");
        given().get("/api/v1/vibes/no-such-vibe").then().statusCode(404).contentType("application/problem+json");
    }
}
