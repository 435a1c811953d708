package dev.vibe.scoring;

import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.scoring.service.ModelRegistry;
import dev.vibe.stack.test.VibeStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.config.JsonPathConfig;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With room for 2 hot models, a third vibe pushes out the least recently used one, which loads again on demand. */
@QuarkusTest
@TestProfile(HotModelLimitTest.TwoHotModels.class)
@QuarkusTestResource(VibeStackTestResource.class)
@QuarkusTestResource(FakeTrainer.class)
@QuarkusTestResource(FakeIngest.class)
class HotModelLimitTest {

    public static class TwoHotModels implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("vibe.scoring.max-hot-models", "2");
        }
    }

    @Inject
    ModelRegistry registry;

    static double firstProbability(String vibe, Models.Trained model) {
        var song = model.data().songs().get(0);
        return given().contentType("application/json")
                .body(Map.of("songs", List.of(Map.of("id", song.id(), "features", AudioFeatures.of(song.features()).toMap()))))
                .post("/api/v1/vibes/{v}/score", vibe).then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE)).getDouble("songs[0].probabilities[0]");
    }

    @Test
    void theLeastRecentlyUsedModelIsUnloadedAndComesBackOnDemand() throws Exception {
        // random weights, no DJL: this test's profile runs in a class loader of its own (see Models.random)
        Models.Trained a = Models.random(21);
        Models.Trained b = Models.random(22);
        Models.Trained c = Models.random(23);
        Models.register("lru-a", 1, a);
        Models.register("lru-b", 1, b);
        Models.register("lru-c", 1, c);

        double pa = firstProbability("lru-a", a);
        double pb = firstProbability("lru-b", b);
        assertTrue(registry.isHot("lru-a") && registry.isHot("lru-b"));
        firstProbability("lru-a", a); // a is now more recently used than b
        double pc = firstProbability("lru-c", c);
        assertTrue(registry.size() <= 2, "at most 2 hot models, got " + registry.size());
        assertTrue(registry.isHot("lru-c") && registry.isHot("lru-a"));
        assertFalse(registry.isHot("lru-b"), "the least recently used vibe was unloaded");

        // b loads again on its next request and answers exactly as before
        assertEquals(pb, firstProbability("lru-b", b), 1e-7);
        assertTrue(registry.isHot("lru-b"));
        assertEquals(2, registry.size());
        assertEquals(pa, a.network().predict(a.data().songs().get(0).features())[0], 1e-5);
        assertEquals(pc, c.network().predict(c.data().songs().get(0).features())[0], 1e-5);
    }
}
