package dev.vibe.scoring;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.vibe.common.api.PlaylistDetail;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.ml.data.LabeledSongs;
import dev.vibe.stack.test.VibeStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scoring a real model: probabilities, explanations that agree with the model, and every error. */
@Tag("stack")
@QuarkusTest
@QuarkusTestResource(VibeStackTestResource.class)
@QuarkusTestResource(FakeTrainer.class)
@QuarkusTestResource(FakeIngest.class)
class ScoringTest {

    static final String VIBE = "scoring-test-vibe";
    static Models.Trained model;

    @BeforeAll
    static void registerARealModel() throws Exception {
        model = Models.train(42);
        String checksum = Models.register(VIBE, 1, model);
        Models.announce(VIBE, 1, checksum);
    }

    static Map<String, Object> song(String id, double[] raw) {
        return Map.of("id", id, "features", AudioFeatures.of(raw).toMap());
    }

    static JsonPath score(Object body, boolean explain) {
        return given().contentType("application/json").queryParam("explain", explain).body(body)
                .post("/api/v1/vibes/{v}/score", VIBE).then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    @Test
    void probabilitiesAreTheModelsInPlaylistOrderWithThePlainMatrix() {
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/v1/vibes/{v}/model", VIBE).statusCode() == 200);
        List<LabeledSongs.Song> songs = model.data().songs().subList(0, 20);
        List<Map<String, Object>> body = songs.stream().map(s -> song(s.id(), s.features())).toList();
        JsonPath r = score(Map.of("songs", body), false);
        assertEquals(VIBE, r.getString("vibe"));
        assertEquals(1, r.getInt("modelVersion"));
        assertEquals(List.of("Bluey", "Praise Bangers", "No Words Allowed", "Country"), r.getList("playlists"));
        for (int i = 0; i < songs.size(); i++) {
            double[] expected = model.network().predict(songs.get(i).features());
            List<Double> got = r.getList("songs[" + i + "].probabilities", Double.class);
            List<Double> row = r.getList("matrix[" + i + "]", Double.class);
            assertEquals(songs.get(i).id(), r.getString("songs[" + i + "].id"));
            for (int k = 0; k < 4; k++) {
                assertEquals(expected[k], got.get(k), 1e-5, "song " + i + " playlist " + k);
                assertEquals(got.get(k), row.get(k));
            }
        }
    }

    @Test
    void rowsOfNumbersGetTheSameMatrixInItsOwnAnswer() {
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/v1/vibes/{v}/model", VIBE).statusCode() == 200);
        // more songs than one call reuses tensors for (64), and fewer
        for (int n : new int[]{3, 150}) {
            List<LabeledSongs.Song> songs = model.data().songs().subList(0, n);
            List<List<Double>> rows = new ArrayList<>();
            for (LabeledSongs.Song s : songs) {
                List<Double> row = new ArrayList<>();
                for (double v : s.features()) {
                    row.add(Double.isNaN(v) ? null : v);
                }
                rows.add(row);
            }
            JsonPath m = given().contentType("application/json").body(Map.of("rows", rows)).post("/api/v1/vibes/{v}/score/matrix", VIBE)
                    .then().statusCode(200).extract().jsonPath().using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
            JsonPath r = score(Map.of("songs", songs.stream().map(s -> song(s.id(), s.features())).toList()), false);
            assertEquals(VIBE, m.getString("vibe"));
            assertEquals(r.getInt("modelVersion"), m.getInt("modelVersion"));
            assertEquals(r.getList("playlists"), m.getList("playlists"));
            assertEquals(r.getDouble("fitsNoneBelow"), m.getDouble("fitsNoneBelow"));
            assertEquals(r.getList("matrix"), m.getList("matrix"), n + " songs");
            assertNull(m.get("songs"), "the matrix alone");
        }
        // a vibe not loaded yet: the request goes to a worker thread, which loads the model from the trainer
        Models.register("scoring-test-cold", 1, model);
        List<List<Double>> rows = new ArrayList<>();
        for (LabeledSongs.Song song : model.data().songs().subList(0, 5)) {
            rows.add(java.util.Arrays.stream(song.features()).mapToObj(v -> Double.isNaN(v) ? null : v).toList());
        }
        JsonPath cold = given().contentType("application/json").body(Map.of("rows", rows)).post("/api/v1/vibes/{v}/score/matrix", "scoring-test-cold")
                .then().statusCode(200).extract().jsonPath().using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        JsonPath warm = given().contentType("application/json").body(Map.of("rows", rows)).post("/api/v1/vibes/{v}/score/matrix", VIBE)
                .then().statusCode(200).extract().jsonPath().using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        assertEquals(warm.getList("matrix"), cold.getList("matrix"));
        // columns in another order, time signature left out
        LabeledSongs.Song s = model.data().songs().get(3);
        List<String> columns = new ArrayList<>(FeatureSchema.keys().subList(0, 12));
        java.util.Collections.reverse(columns);
        List<Double> row = new ArrayList<>();
        for (String c : columns) {
            row.add(s.features()[FeatureSchema.byName(c).orElseThrow().index()]);
        }
        double[] raw = s.features().clone();
        raw[FeatureSchema.SIZE - 1] = Double.NaN;
        JsonPath m = given().contentType("application/json").body(Map.of("columns", columns, "rows", List.of(row)))
                .post("/api/v1/vibes/{v}/score/matrix", VIBE).then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        JsonPath r = score(Map.of("songs", List.of(Map.of("id", "x", "features", AudioFeatures.of(raw).toMap()))), false);
        assertEquals(r.getList("matrix"), m.getList("matrix"));
    }

    @Test
    void badRowsAreNamed() {
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/v1/vibes/{v}/model", VIBE).statusCode() == 200);
        List<Double> good = new ArrayList<>();
        for (double v : model.data().songs().get(0).features()) {
            good.add(v);
        }
        List<Double> shortRow = good.subList(0, 11);
        List<Double> loud = new ArrayList<>(good);
        loud.set(1, 1.5); // energy
        List<Double> noDance = new ArrayList<>(good);
        noDance.set(0, null);
        given().contentType("application/json").body(Map.of("rows", List.of(good, shortRow, loud, noDance)))
                .post("/api/v1/vibes/{v}/score/matrix", VIBE).then().statusCode(400)
                .contentType(containsString("application/problem+json"))
                .body("errors.field", equalTo(List.of("rows[1]", "rows[2].energy", "rows[3].danceability")))
                .body("errors[0].message", containsString("has 11 numbers: each row needs 13, one per column"));
        given().contentType("application/json").body(Map.of("columns", List.of("danceability", "energy", "mood", "energy"), "rows", List.of(good)))
                .post("/api/v1/vibes/{v}/score/matrix", VIBE).then().statusCode(400)
                .body("errors.field", hasItem("columns[2]")).body("errors.field", hasItem("columns[3]")).body("errors.field", hasItem("columns"));
        given().contentType("application/json").body("{\"rows\":[[0.5,\"loud\"]]}")
                .post("/api/v1/vibes/{v}/score/matrix", VIBE).then().statusCode(400)
                .body("errors[0].message", containsString("rows[0][1] must be a number or null; got a string"));
        given().contentType("application/json").body("{}").post("/api/v1/vibes/{v}/score/matrix", VIBE).then().statusCode(400)
                .body("errors[0].field", equalTo("rows"));
        given().contentType("application/json").body(Map.of("rows", List.of(good))).post("/api/v1/vibes/{v}/score/matrix", "no-such-vibe")
                .then().statusCode(404);
        given().contentType("application/json").body(Map.of("rows", java.util.Collections.nCopies(201, good))).post("/api/v1/vibes/{v}/score/matrix", VIBE)
                .then().statusCode(413).body("detail", containsString("At most 200"));
    }

    @Test
    void eachSongHasBothViewsItsBestFitAndWhetherItFitsNone() {
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/v1/vibes/{v}/model", VIBE).statusCode() == 200);
        List<LabeledSongs.Song> songs = new ArrayList<>(model.data().songs().subList(0, 30));
        double[] far = songs.get(0).features().clone(); // a half-hour spoken-word track: like none of the four
        far[FeatureSchema.byName("speechiness").orElseThrow().index()] = 0.95;
        far[FeatureSchema.byName("tempo").orElseThrow().index()] = 62;
        far[FeatureSchema.byName("duration_ms").orElseThrow().index()] = 1_800_000;
        far[FeatureSchema.byName("loudness").orElseThrow().index()] = -35;
        List<Map<String, Object>> body = new ArrayList<>(songs.stream().map(s -> song(s.id(), s.features())).toList());
        body.add(song("far", far));
        JsonPath r = score(Map.of("songs", body), false);
        assertEquals(model.fitsNoneBelow(), r.getDouble("fitsNoneBelow"), 1e-12);
        int fitting = 0;
        for (int i = 0; i < body.size(); i++) {
            double[] raw = i < songs.size() ? songs.get(i).features() : far;
            double[] absolute = model.network().predict(raw);
            double[] conditional = model.conditional().predict(raw);
            int best = 0;
            for (int k = 0; k < 4; k++) {
                assertEquals(absolute[k], r.getDouble("songs[" + i + "].probabilities[" + k + "]"), 1e-5);
                assertEquals(conditional[k], r.getDouble("songs[" + i + "].conditional[" + k + "]"), 1e-5);
                best = absolute[k] > absolute[best] ? k : best;
            }
            assertEquals(r.getList("playlists").get(best), r.getString("songs[" + i + "].bestFit.playlist"));
            assertEquals(absolute[best], r.getDouble("songs[" + i + "].bestFit.probability"), 1e-5);
            assertEquals(absolute[best] < model.fitsNoneBelow(), r.getBoolean("songs[" + i + "].fitsNone"), "song " + i);
            fitting += r.getBoolean("songs[" + i + "].fitsNone") ? 0 : 1;
        }
        assertTrue(fitting > 20, "most of the playlists' own songs fit one: " + fitting + " of 30");
        assertTrue(r.getBoolean("songs[30].fitsNone"), "the spoken-word track fits none: " + r.getString("songs[30]"));

        // explained, a song that fits none says so, and each playlist's explanation says what keeps it from it
        JsonPath why = score(Map.of("songs", List.of(song("far", far))), true);
        assertTrue(why.getString("songs[0].summary").startsWith("fits none of the playlists: the closest, "), why.getString("songs[0].summary"));
        for (int k = 0; k < 4; k++) {
            String summary = why.getString("songs[0].explanation[" + k + "].summary");
            assertTrue(summary.startsWith("does not fit " + why.getList("playlists").get(k) + ": "), summary);
            assertTrue(!why.getList("songs[0].explanation[" + k + "].down").isEmpty(), "what keeps it from playlist " + k);
        }
    }

    @Test
    void aModelMadeBeforeTheBackgroundHasOneViewAndNoThreshold() throws Exception {
        String vibe = "old-model-vibe";
        Models.Trained old = Models.random(7);
        Models.announce(vibe, 1, Models.register(vibe, 1, old));
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/v1/vibes/{v}/model", vibe).statusCode() == 200);
        double[] raw = old.data().songs().get(0).features();
        JsonPath r = given().contentType("application/json").body(Map.of("songs", List.of(song("a", raw)))).post("/api/v1/vibes/{v}/score", vibe)
                .then().statusCode(200).extract().jsonPath().using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        assertEquals(r.getList("songs[0].probabilities"), r.getList("songs[0].conditional"));
        assertTrue(r.get("songs[0].fitsNone") == null, "unknown for an older model");
        assertTrue(r.get("fitsNoneBelow") == null);
        given().get("/api/v1/vibes/{v}/outliers", vibe).then().statusCode(409).contentType("application/problem+json")
                .body("detail", containsString("train the vibe again"));
    }

    @Test
    void eachPlaylistsMisfitsAreItsSongsThatFitItLeastByAModelThatDidNotLearnThem() {
        await().atMost(Duration.ofSeconds(30)).until(() -> given().get("/api/v1/vibes/{v}/model", VIBE).statusCode() == 200);
        JsonPath r = given().queryParam("limit", 3).get("/api/v1/vibes/{v}/outliers", VIBE).then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        assertEquals(VIBE, r.getString("vibe"));
        assertEquals(1, r.getInt("modelVersion"));
        assertEquals(List.of("Bluey", "Praise Bangers", "No Words Allowed", "Country"), r.getList("playlists.playlist"));
        for (int k = 0; k < 4; k++) {
            // the expected: the playlist's songs by their held-out chance, lowest first
            int kk = k;
            List<Integer> own = new ArrayList<>();
            for (int i = 0; i < model.data().size(); i++) {
                if (model.data().songs().get(i).labels()[k] && model.heldOut()[i] != null) {
                    own.add(i);
                }
            }
            own.sort(java.util.Comparator.comparingDouble(i -> model.heldOut()[i][kk]));
            String at = "playlists[" + k + "].outliers";
            assertEquals(3, r.getList(at).size());
            for (int j = 0; j < 3; j++) {
                int i = own.get(j);
                assertEquals(model.data().songs().get(i).id(), r.getString(at + "[" + j + "].id"), "playlist " + k + " misfit " + j);
                assertEquals(model.heldOut()[i][k], r.getDouble(at + "[" + j + "].probability"), 1e-6);
                assertEquals(List.of("Artist " + i), r.getList(at + "[" + j + "].artists"));
                String summary = r.getString(at + "[" + j + "].summary");
                assertTrue(summary.contains(r.getString("playlists[" + k + "].playlist")), summary);
            }
        }
        // one playlist, by name or by id
        given().queryParam("playlist", "Country").get("/api/v1/vibes/{v}/outliers", VIBE).then().statusCode(200)
                .body("playlists.playlist", equalTo(List.of("Country"))).body("playlists[0].outliers.size()", equalTo(10));
        given().queryParam("playlist", "p1").get("/api/v1/vibes/{v}/outliers", VIBE).then().statusCode(200)
                .body("playlists.playlist", equalTo(List.of("Praise Bangers")));
        // what cannot be answered says what to do
        given().queryParam("playlist", "Jazz").get("/api/v1/vibes/{v}/outliers", VIBE).then().statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("Bluey, Praise Bangers, No Words Allowed, Country"));
        given().queryParam("limit", 0).get("/api/v1/vibes/{v}/outliers", VIBE).then().statusCode(400).contentType("application/problem+json");
        given().get("/api/v1/vibes/{v}/outliers", "no-such-vibe").then().statusCode(404).contentType("application/problem+json");
    }

    @Test
    void explanationsAgreeWithTheModel() {
        LabeledSongs.Song s = model.data().songs().get(3); // a Bluey song
        JsonPath r = score(Map.of("songs", List.of(song(s.id(), s.features()))), true);
        double p = r.getDouble("songs[0].probabilities[0]");
        assertEquals(p, r.getDouble("songs[0].explanation[0].probability"), 1e-9);
        assertEquals("Bluey", r.getString("songs[0].explanation[0].playlist"));
        Map<String, Object> up = r.getMap("songs[0].explanation[0].up[0]");
        assertTrue(up != null, "the strongest feature pushing this Bluey song towards Bluey: " + r.prettify());
        String feature = (String) up.get("feature");
        double effect = ((Number) up.get("effect")).doubleValue();
        double typical = ((Number) up.get("typical")).doubleValue();
        assertTrue(effect > 0);

        // setting the feature to the playlist's typical value lowers the probability by exactly the stated effect
        double[] atTypical = s.features().clone();
        atTypical[FeatureSchema.byName(feature).orElseThrow().index()] = typical;
        double pTypical = score(Map.of("songs", List.of(song("t", atTypical))), false).getDouble("songs[0].probabilities[0]");
        assertEquals(effect, p - pTypical, 1e-5);

        // and for every feature with a slope, nudging it that way moves the probability the way the slope says
        for (Map<String, Object> e : r.<Map<String, Object>>getList("songs[0].explanation[0].up")) {
            if (e.get("slopePerStd") == null || Math.abs(((Number) e.get("slopePerStd")).doubleValue()) < 1e-4) {
                continue;
            }
            double slope = ((Number) e.get("slopePerStd")).doubleValue();
            var f = FeatureSchema.byName((String) e.get("feature")).orElseThrow();
            double[] nudged = s.features().clone();
            nudged[f.index()] += 0.05 * (f.max() - f.min()) / 100; // a small step up
            if (nudged[f.index()] > f.max()) {
                continue;
            }
            double pNudged = score(Map.of("songs", List.of(song("n", nudged))), false).getDouble("songs[0].probabilities[0]");
            assertEquals(Math.signum(slope), Math.signum(pNudged - p), "raising " + f.key() + " with slope " + slope);
        }

        List<Map<String, Object>> nearest = r.getList("songs[0].explanation[0].nearest");
        assertEquals(3, nearest.size());
        assertEquals(s.id(), nearest.get(0).get("id"), "a training song is its own nearest neighbour");
        assertEquals(0.0, ((Number) nearest.get(0).get("distance")).doubleValue(), 1e-6);
        assertTrue(((Number) nearest.get(1).get("distance")).doubleValue() <= ((Number) nearest.get(2).get("distance")).doubleValue());
    }

    @Test
    void storedPlaylistIsScoredThroughIngest() {
        LabeledSongs.Song a = model.data().songs().get(0);
        LabeledSongs.Song b = model.data().songs().get(100);
        PlaylistDetail playlist = FakeIngest.playlist("test-list", "Test", List.of(
                FakeIngest.song(a.id(), "A", List.of(), AudioFeatures.of(a.features()).toMap()),
                FakeIngest.song(b.id(), "B", List.of(), AudioFeatures.of(b.features()).toMap())));
        FakeIngest.server.stubFor(WireMock.get(WireMock.urlPathEqualTo("/api/v1/playlists/test-list")).willReturn(FakeIngest.ok(playlist)));
        JsonPath r = score(Map.of("playlistId", "test-list"), false);
        assertEquals(List.of(a.id(), b.id()), r.getList("songs.id"));
        assertEquals("B", r.getString("songs[1].name"));
        assertEquals(model.network().predict(b.features())[2], r.getDouble("songs[1].probabilities[2]"), 1e-5);

        given().contentType("application/json").body(Map.of("playlistId", "not-imported")).post("/api/v1/vibes/{v}/score", VIBE)
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("playlistId"));
    }

    @Test
    void errorsAreProblemsThatNameWhatIsWrong() {
        double[] raw = model.data().songs().get(0).features();
        Map<String, Object> one = song("x", raw);
        given().contentType("application/json").body(Map.of("songs", List.of(one))).post("/api/v1/vibes/{v}/score", "no-such-vibe")
                .then().statusCode(404).contentType("application/problem+json");
        given().contentType("application/json").body(Map.of("songs", List.of(one))).post("/api/v1/vibes/{v}/score", "training-vibe")
                .then().statusCode(409).contentType("application/problem+json").body("detail", containsString("TRAINING"))
                .body("detail", containsString("epoch 12"));
        given().contentType("application/json").body(Map.of("songs", List.of(one))).post("/api/v1/vibes/{v}/score", "failed-vibe")
                .then().statusCode(409).body("detail", containsString("failed"));

        Map<String, Object> missingTempo = new HashMap<>(AudioFeatures.of(raw).toMap());
        missingTempo.remove("tempo");
        Map<String, Object> textEnergy = new HashMap<>(AudioFeatures.of(raw).toMap());
        textEnergy.put("energy", "loud");
        given().contentType("application/json")
                .body(Map.of("songs", List.of(one, Map.of("id", "a", "features", missingTempo), Map.of("id", "b", "features", textEnergy))))
                .post("/api/v1/vibes/{v}/score", VIBE).then().statusCode(400).contentType("application/problem+json")
                .body("errors.field", hasItem("songs[1].features.tempo"))
                .body("errors.field", hasItem("songs[2].features.energy"));
        given().contentType("application/json").body("{\"songs\":[{\"id\":\"a\",\"features\":{\"tempo\":-4}}]}")
                .post("/api/v1/vibes/{v}/score", VIBE).then().statusCode(400).body("errors.message", hasItem("tempo must be between 0 and 400, got -4"));
        given().contentType("application/json").body("{\"songs\":[").post("/api/v1/vibes/{v}/score", VIBE)
                .then().statusCode(400).contentType("application/problem+json");
        given().contentType("application/json").body("{}").post("/api/v1/vibes/{v}/score", VIBE).then().statusCode(400);

        List<Map<String, Object>> tooMany = new ArrayList<>();
        for (int i = 0; i < 201; i++) {
            tooMany.add(one);
        }
        given().contentType("application/json").body(Map.of("songs", tooMany)).post("/api/v1/vibes/{v}/score", VIBE)
                .then().statusCode(413).contentType("application/problem+json").body("detail", containsString("At most 200"));
    }
}
