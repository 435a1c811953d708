package dev.vibe.scoring;

import dev.vibe.common.model.ModelArtifact;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.stack.test.VibeStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Models come from the trainer's API, announced on Kafka: a loaded model keeps serving while the trainer is down, a
 * model this service cannot read is refused with a metric, and listening leaves no consumer group on the broker.
 */
@Tag("stack")
@QuarkusTest
@QuarkusTestResource(VibeStackTestResource.class)
@QuarkusTestResource(FakeTrainer.class)
@QuarkusTestResource(FakeIngest.class)
class ModelSourceTest {

    @AfterEach
    void trainerUp() {
        FakeTrainer.down = false;
    }

    static String oneSong(Models.Trained t) {
        return "{\"songs\":[{\"id\":\"s\",\"features\":" + Models.json(AudioFeatures.of(t.data().songs().get(0).features()).toMap()) + "}]}";
    }

    @Test
    void aLoadedModelKeepsServingWhileTheTrainerIsDownAndAnUnloadedOneSays503() throws Exception {
        Models.Trained t = Models.train(5);
        Models.announce("outage-vibe", 1, Models.register("outage-vibe", 1, t));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/v1/vibes/{v}/model", "outage-vibe").statusCode() == 200);
        Models.register("never-loaded-vibe", 1, t);

        FakeTrainer.down = true;
        given().contentType("application/json").body(oneSong(t)).post("/api/v1/vibes/{v}/score", "outage-vibe").then().statusCode(200)
                .body("modelVersion", equalTo(1));
        given().contentType("application/json").body(oneSong(t)).post("/api/v1/vibes/{v}/score", "never-loaded-vibe").then().statusCode(503)
                .contentType("application/problem+json").body("detail", containsString("trainer cannot be reached"));
        FakeTrainer.down = false;
        given().contentType("application/json").body(oneSong(t)).post("/api/v1/vibes/{v}/score", "never-loaded-vibe").then().statusCode(200);
    }

    @Test
    void aModelInAFormatThisServiceDoesNotReadIsRefusedAndCounted() throws Exception {
        Models.Trained t = Models.train(5);
        Models.announce("format-vibe", 1, Models.register("format-vibe", 1, t));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/v1/vibes/{v}/model", "format-vibe").statusCode() == 200);
        ModelArtifact good = Models.artifact("format-vibe", 2, t);
        FakeTrainer.put(new ModelArtifact(ModelArtifact.FORMAT + 1, good.vibeId(), 2, good.requestId(), good.featureSchemaVersion(),
                good.playlists(), good.songs(), good.evaluation(), good.checksumSha256(), good.onnx(), good.createdAt()));
        double before = refused("format");
        Models.announce("format-vibe", 2, good.checksumSha256());
        await().atMost(Duration.ofSeconds(30)).until(() -> refused("format") > before);
        given().get("/api/v1/vibes/{v}/model", "format-vibe").then().statusCode(200).body("modelVersion", equalTo(1));
    }

    @Test
    void listeningForModelsLeavesNoConsumerGroupOnTheBroker() throws Exception {
        Models.Trained t = Models.train(5);
        Models.announce("group-vibe", 1, Models.register("group-vibe", 1, t));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/v1/vibes/{v}/model", "group-vibe").statusCode() == 200);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, VibeStackTestResource.servers().kafka().bootstrapServers()))) {
            List<String> groups = admin.listConsumerGroups().all().get().stream().map(g -> g.groupId()).toList();
            assertTrue(groups.stream().noneMatch(g -> g.startsWith("scoring")), groups.toString());
        }
        assertEquals(1, given().get("/q/metrics").then().extract().asString().lines()
                .filter(l -> l.startsWith("vibe_models_listening ")).mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum());
    }

    static double refused(String reason) {
        return given().get("/q/metrics").then().statusCode(200).extract().asString().lines()
                .filter(l -> l.startsWith("vibe_models_refused_total") && l.contains("reason=\"" + reason + "\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
