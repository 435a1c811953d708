package dev.vibe.trainer;

import dev.vibe.stack.test.VibeStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;

/** With vibe.api-key set, the trainer's models and artifacts (which carry the training songs) are not given to callers without it. */
@Tag("stack")
@QuarkusTest
@TestProfile(ApiKeyTest.WithApiKey.class)
@QuarkusTestResource(VibeStackTestResource.class)
class ApiKeyTest {

    static final String KEY = "trainer-test-key-41aa";

    public static class WithApiKey implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vibe.api-key", KEY, "vibe.trainer.warm-up", "false");
        }
    }

    @Test
    void modelsAndArtifactsNeedTheKeyHealthDoesNot() {
        for (String read : List.of("/api/v1/models", "/api/v1/models/some-vibe", "/api/v1/models/some-vibe/artifact")) {
            given().get(read).then().statusCode(401).contentType("application/problem+json").body("detail", containsString("X-API-Key"));
            given().header("X-API-Key", KEY + "x").get(read).then().statusCode(401);
        }
        given().header("X-API-Key", KEY).get("/api/v1/models").then().statusCode(200);
        given().header("X-API-Key", KEY).get("/api/v1/models/some-vibe/artifact").then().statusCode(404);
        given().get("/q/health/ready").then().statusCode(200);
    }
}
