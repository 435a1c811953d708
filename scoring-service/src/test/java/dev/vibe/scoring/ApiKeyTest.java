package dev.vibe.scoring;

import dev.vibe.stack.test.VibeStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/**
 * With vibe.api-key set, scoring answers no /api/v1 call without the key, reads included (the playlists proxy, the
 * vibes, scores); health and OpenAPI stay open; and scoring sends the key on to ingest and the trainer.
 */
@Tag("stack")
@QuarkusTest
@TestProfile(ApiKeyTest.WithApiKey.class)
@QuarkusTestResource(VibeStackTestResource.class)
@QuarkusTestResource(FakeTrainer.class)
@QuarkusTestResource(FakeIngest.class)
class ApiKeyTest {

    static final String KEY = "scoring-test-key-07c2";
    static final Map<String, Object> SONG = Map.ofEntries(Map.entry("danceability", 0.5), Map.entry("energy", 0.6), Map.entry("key", 5),
            Map.entry("loudness", -7.0), Map.entry("mode", 1), Map.entry("speechiness", 0.05), Map.entry("acousticness", 0.3),
            Map.entry("instrumentalness", 0.0), Map.entry("liveness", 0.1), Map.entry("valence", 0.5), Map.entry("tempo", 120.0),
            Map.entry("duration_ms", 200000), Map.entry("time_signature", 4));

    public static class WithApiKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vibe.api-key", KEY);
        }
    }

    @Test
    void everyApiCallNeedsTheKeyAndScoringSendsItOn() {
        for (String read : List.of("/api/v1/features", "/api/v1/vibes", "/api/v1/playlists", "/api/v1/vibes/any/outliers")) {
            given().get(read).then().statusCode(401).contentType("application/problem+json").body("detail", containsString("X-API-Key"));
            given().header("X-API-Key", "wrong").get(read).then().statusCode(401);
        }
        given().contentType("application/json").body(Map.of("songs", List.of())).post("/api/v1/vibes/any/score").then().statusCode(401);
        given().get("/q/health/ready").then().statusCode(200);
        given().get("/q/openapi").then().statusCode(200);

        given().header("X-API-Key", KEY).get("/api/v1/features").then().statusCode(200);
        // a vibe with no model: scoring asks ingest for its state, with the key
        given().header("X-API-Key", KEY).contentType("application/json")
                .body(Map.of("songs", List.of(Map.of("id", "x", "features", SONG))))
                .post("/api/v1/vibes/{v}/score", "training-vibe").then().statusCode(409).body("detail", containsString("TRAINING"));
        FakeIngest.server.verify(getRequestedFor(urlPathEqualTo("/api/v1/vibes/training-vibe")).withHeader("X-API-Key", equalTo(KEY)));
    }
}
