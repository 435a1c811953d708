package dev.vibe.scoring;

import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.scoring.service.ServedModels;
import dev.vibe.stack.test.VibeStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.path.json.config.JsonPathConfig;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** With room for 2 hot models, a third vibe pushes out the least recently used one, which loads again on demand. */
@Tag("stack")
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
    ServedModels servedModels;

    static double firstProbability(String vibe, Models.Trained model) {
        var song = model.data().songs().get(0);
        return given().contentType("application/json")
                .body(Map.of("songs", List.of(Map.of("id", song.id(), "features", AudioFeatures.of(song.features()).toMap()))))
                .post("/api/v1/vibes/{v}/score", vibe).then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE)).getDouble("songs[0].probabilities[0]");
    }

    @Test
    void beyondTheLimitModelsAreUnloadedAndComeBackOnDemandAnsweringTheSame() throws Exception {
        // random weights, no DJL: this test's profile runs in a class loader of its own (see Models.random)
        List<Models.Trained> models = List.of(Models.random(21), Models.random(22), Models.random(23));
        List<String> vibes = List.of("limit-a", "limit-b", "limit-c");
        double[] expected = new double[3];
        for (int i = 0; i < 3; i++) {
            Models.register(vibes.get(i), 1, models.get(i));
            expected[i] = models.get(i).network().predict(models.get(i).data().songs().get(0).features())[0];
        }
        // which vibe is unloaded is Caffeine's choice (frequency and recency: its admission policy may even unload the
        // vibe just loaded, in favour of one scored more often); that there are never more than 2 loaded, and that
        // every answer is the same whether the model was hot or loaded again, is ours
        int[] order = {0, 1, 0, 2, 1, 2, 0, 1, 2, 2, 0};
        for (int i : order) {
            assertEquals(expected[i], firstProbability(vibes.get(i), models.get(i)), 1e-5, vibes.get(i));
            assertTrue(servedModels.size() <= 2, "at most 2 hot models, got " + servedModels.size());
        }
        assertTrue(vibes.stream().filter(servedModels::isHot).count() < 3, "one of the three was unloaded");
        assertEquals(servedModels.size(), Double.parseDouble(given().get("/q/metrics").asString().lines()
                .filter(l -> l.startsWith("vibe_models_hot")).findFirst().orElseThrow().split(" ")[1]), 0.0);
    }
}
