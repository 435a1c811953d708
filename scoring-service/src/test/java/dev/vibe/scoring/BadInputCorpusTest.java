package dev.vibe.scoring;

import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.stack.test.VibeStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Malformed scoring requests: each a 4xx problem+json with a detail, none changing the served model. */
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

    @Test
    void everyMalformedScoringRequestIsA4xxProblemAndChangesNothing() throws Exception {
        Models.Trained model = Models.train(3);
        Models.register(VIBE, 1, model);
        String score = "/api/v1/vibes/" + VIBE + "/score";
        Map<String, Double> good = AudioFeatures.of(model.data().songs().get(0).features()).toMap();
        String features = dev.vibe.common.json.EventJson.MAPPER.writeValueAsString(good);
        String song = "{\"id\":\"s1\",\"features\":" + features + "}";
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
        c.add(new Case("more songs than allowed (test limit 200)", score, "application/json", "{\"songs\":[" + String.join(",", java.util.Collections.nCopies(201, song)) + "]}", 413));
        c.add(new Case("plain text", score, "text/plain", "hello", 415));
        c.add(new Case("unknown vibe", "/api/v1/vibes/no-such-vibe/score", "application/json", "{\"songs\":[" + song + "]}", 404));
        c.add(new Case("unicode vibe id", "/api/v1/vibes/\u00e9\u00e8\u2603/score", "application/json", "{\"songs\":[" + song + "]}", 404));
        String matrix = score + "/matrix";
        String row = java.util.Arrays.toString(model.data().songs().get(0).features()).replace("NaN", "null");
        c.add(new Case("rows is an object", matrix, "application/json", "{\"rows\": {\"a\": 1}}", 400));
        c.add(new Case("no rows", matrix, "application/json", "{\"columns\": [\"tempo\"]}", 400));
        c.add(new Case("a row of strings", matrix, "application/json", "{\"rows\": [[\"0.5\"]]}", 400));
        c.add(new Case("a row of objects", matrix, "application/json", "{\"rows\": [" + song + "]}", 400));
        c.add(new Case("a short row", matrix, "application/json", "{\"rows\": [[0.5, 0.5]]}", 400));
        c.add(new Case("an unknown column", matrix, "application/json", "{\"columns\": [\"mood\"], \"rows\": [[1]]}", 400));
        c.add(new Case("a value out of range", matrix, "application/json", "{\"rows\": [" + row.replaceFirst("^\\[[^,]+,", "[7,") + "]}", 400));
        c.add(new Case("more rows than allowed", matrix, "application/json", "{\"rows\": [" + String.join(",", java.util.Collections.nCopies(201, row)) + "]}", 413));
        c.add(new Case("rows for an unknown vibe", "/api/v1/vibes/no-such-vibe/score/matrix", "application/json", "{\"rows\": [" + row + "]}", 404));
        given().get("/api/v1/vibes/{v}/model", VIBE).then().statusCode(200); // loaded from the trainer
        String before = served();
        List<String> wrong = new ArrayList<>();
        for (Case k : c) {
            Response r = given().contentType(k.contentType()).body(k.body().getBytes(StandardCharsets.UTF_8)).post(k.path());
            String type = r.getContentType() == null ? "" : r.getContentType();
            String detail = type.startsWith("application/problem+json") ? r.jsonPath().getString("detail") : null;
            if (r.statusCode() != k.expected() || detail == null || detail.isBlank()) {
                wrong.add(k.name() + ": " + r.statusCode() + " " + type + " " + r.asString().substring(0, Math.min(200, r.asString().length())));
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals(before, served(), "a rejected request changed the served model");
        given().contentType("application/json").body("{\"songs\":[" + song + "]}").post(score).then().statusCode(200);
    }
}
