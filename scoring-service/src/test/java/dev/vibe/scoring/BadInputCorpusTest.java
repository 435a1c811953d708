package dev.vibe.scoring;

import dev.vibe.common.json.EventJson;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.stack.test.VibeStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Malformed scoring requests: each (its own test, named by its case) a 4xx problem+json with a detail, none changing the served model. */
@Tag("stack")
@QuarkusTest
@QuarkusTestResource(VibeStackTestResource.class)
@QuarkusTestResource(FakeTrainer.class)
@QuarkusTestResource(FakeIngest.class)
class BadInputCorpusTest {

    static final String VIBE = "corpus-vibe";

    record Case(String name, String path, String contentType, String body, int expected) {
    }

    /** What this instance serves: every vibe's model version and checksum, as its API describes them. */
    static String served() {
        return given().get("/api/v1/vibes").then().statusCode(200).extract().asString()
                + given().get("/api/v1/vibes/{v}/model", VIBE).then().statusCode(200).extract().jsonPath().getString("checksumSha256");
    }

    private static boolean registered;

    /** The model the corpus is sent to, as the trainer hands it out (RestAssured knows the test port only from here on). */
    @BeforeEach
    void serveTheModel() {
        if (!registered) {
            Models.register(VIBE, 1, Models.train(3));
            registered = true;
        }
        given().get("/api/v1/vibes/{v}/model", VIBE).then().statusCode(200); // loaded from the trainer
    }

    /** One good song of the model's data, as the score endpoint takes it. */
    static String song() throws Exception {
        Map<String, Double> good = AudioFeatures.of(Models.train(3).data().songs().get(0).features()).toMap();
        return "{\"id\":\"s1\",\"features\":" + EventJson.MAPPER.writeValueAsString(good) + "}";
    }

    /** The corpus, one malformed request per case (its name first: the test's display name). */
    static Stream<Arguments> corpus() throws Exception {
        Models.Trained model = Models.train(3);
        String score = "/api/v1/vibes/" + VIBE + "/score";
        Map<String, Double> good = AudioFeatures.of(model.data().songs().get(0).features()).toMap();
        String features = EventJson.MAPPER.writeValueAsString(good);
        String song = song();
        List<Case> c = new ArrayList<>();
        c.add(new Case("invalid JSON", score, "application/json", "{\"songs\": [", 400));
        c.add(new Case("songs is an object", score, "application/json", "{\"songs\": {\"id\": 1}}", 400));
        c.add(new Case("no songs and no playlist", score, "application/json", "{}", 400));
        c.add(new Case("songs is a number", score, "application/json", "{\"songs\": 7}", 400));
        c.add(new Case("a feature missing", score, "application/json", "{\"songs\":[{\"id\":\"s1\",\"features\":" + features.replaceFirst("\"danceability\":[^,]+,", "") + "}]}", 400));
        c.add(new Case("NaN as a string", score, "application/json", "{\"songs\":[{\"id\":\"s1\",\"features\":" + features.replaceFirst("\"energy\":[^,]+,", "\"energy\":\"NaN\",") + "}]}", 400));
        c.add(new Case("a number too large for a double", score, "application/json", "{\"songs\":[{\"id\":\"s1\",\"features\":" + features.replaceFirst("\"tempo\":[^,]+,", "\"tempo\":1e400,") + "}]}", 400));
        c.add(new Case("tempo negative", score, "application/json", "{\"songs\":[{\"id\":\"s1\",\"features\":" + features.replaceFirst("\"tempo\":[^,]+,", "\"tempo\":-1,") + "}]}", 400));
        c.add(new Case("features is a string", score, "application/json", "{\"songs\":[{\"id\":\"s1\",\"features\":\"loud\"}]}", 400));
        c.add(new Case("a song is null", score, "application/json", "{\"songs\":[null]}", 400));
        c.add(new Case("trailing garbage", score, "application/json", "{\"songs\":[" + song + "]} ]", 400));
        c.add(new Case("duplicate keys", score, "application/json", "{\"songs\":[" + song + "], \"songs\":[" + song + "]}", 400));
        c.add(new Case("both songs and a playlist", score, "application/json", "{\"songs\":[" + song + "], \"playlistId\":\"x\"}", 400));
        c.add(new Case("more songs than allowed (test limit 200)", score, "application/json", "{\"songs\":[" + String.join(",", Collections.nCopies(201, song)) + "]}", 413));
        c.add(new Case("plain text", score, "text/plain", "hello", 415));
        c.add(new Case("unknown vibe", "/api/v1/vibes/no-such-vibe/score", "application/json", "{\"songs\":[" + song + "]}", 404));
        c.add(new Case("unicode vibe id", "/api/v1/vibes/\u00e9\u00e8\u2603/score", "application/json", "{\"songs\":[" + song + "]}", 404));
        String matrix = score + "/matrix";
        String row = Arrays.toString(model.data().songs().get(0).features()).replace("NaN", "null");
        c.add(new Case("rows is an object", matrix, "application/json", "{\"rows\": {\"a\": 1}}", 400));
        c.add(new Case("no rows", matrix, "application/json", "{\"columns\": [\"tempo\"]}", 400));
        c.add(new Case("a row of strings", matrix, "application/json", "{\"rows\": [[\"0.5\"]]}", 400));
        c.add(new Case("a row of objects", matrix, "application/json", "{\"rows\": [" + song + "]}", 400));
        c.add(new Case("a short row", matrix, "application/json", "{\"rows\": [[0.5, 0.5]]}", 400));
        c.add(new Case("an unknown column", matrix, "application/json", "{\"columns\": [\"mood\"], \"rows\": [[1]]}", 400));
        c.add(new Case("a value out of range", matrix, "application/json", "{\"rows\": [" + row.replaceFirst("^\\[[^,]+,", "[7,") + "]}", 400));
        c.add(new Case("more rows than allowed", matrix, "application/json", "{\"rows\": [" + String.join(",", Collections.nCopies(201, row)) + "]}", 413));
        c.add(new Case("rows for an unknown vibe", "/api/v1/vibes/no-such-vibe/score/matrix", "application/json", "{\"rows\": [" + row + "]}", 404));
        return c.stream().map(k -> Arguments.of(k.name(), k.path(), k.contentType(), k.body(), k.expected()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("corpus")
    void aMalformedScoringRequestIsA4xxProblemAndChangesNothing(String name, String path, String contentType, String body, int expected)
            throws Exception {
        String before = served();
        Response r = given().contentType(contentType).body(body.getBytes(StandardCharsets.UTF_8)).post(path);
        String type = r.getContentType() == null ? "" : r.getContentType();
        String text = r.asString();
        assertEquals(expected, r.statusCode(), name + ": " + text.substring(0, Math.min(200, text.length())));
        assertTrue(type.startsWith("application/problem+json"), name + ": answered as " + type);
        String detail = r.jsonPath().getString("detail");
        assertTrue(detail != null && !detail.isBlank(), name + ": no detail in " + text.substring(0, Math.min(200, text.length())));
        assertEquals(before, served(), "a rejected request changed the served model");
        given().contentType("application/json").body("{\"songs\":[" + song() + "]}").post("/api/v1/vibes/" + VIBE + "/score").then().statusCode(200);
    }
}
