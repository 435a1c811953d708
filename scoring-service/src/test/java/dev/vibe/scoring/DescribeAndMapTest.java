package dev.vibe.scoring;

import com.github.tomakehurst.wiremock.client.WireMock;
import dev.vibe.common.api.PlaylistDetail;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.common.words.FeatureWords;
import dev.vibe.ml.data.LabeledSongs;
import dev.vibe.stack.test.VibeStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What a vibe is, in words and on a map, over REST: each playlist's description agrees with its songs' numbers, the
 * map places every training song once (and a stored playlist's songs on the same map), and a song's explanation
 * says in words where it sits among each playlist's songs.
 */
@Tag("stack")
@QuarkusTest
@QuarkusTestResource(VibeStackTestResource.class)
@QuarkusTestResource(FakeTrainer.class)
@QuarkusTestResource(FakeIngest.class)
class DescribeAndMapTest {

    static final String VIBE = "describe-test-vibe";
    static Models.Trained model;

    @BeforeAll
    static void registerARealModel() {
        model = Models.train(7);
        Models.register(VIBE, 1, model);
    }

    static JsonPath json(String path, Object... params) {
        return given().get(path, params).then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    static double[] column(List<LabeledSongs.Song> songs, Feature f) {
        return songs.stream().mapToDouble(s -> s.features()[f.index()]).filter(v -> !Double.isNaN(v)).toArray();
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }

    @Test
    void eachPlaylistIsDescribedInWordsThatAgreeWithItsSongs() {
        JsonPath r = json("/api/v1/vibes/{v}/profile", VIBE);
        List<LabeledSongs.Song> songs = model.data().songs();
        int phrases = 0;
        for (int k = 0; k < 4; k++) {
            int playlist = k;
            List<LabeledSongs.Song> on = songs.stream().filter(s -> s.labels()[playlist]).toList();
            List<LabeledSongs.Song> off = songs.stream().filter(s -> !s.labels()[playlist]).toList();
            String d = "playlists[" + k + "].description";
            assertEquals(r.getString("playlists[" + k + "].playlist"), r.getString(d + ".playlist"));
            assertFalse(r.getString(d + ".summary").isBlank());
            List<Map<String, Object>> list = r.getList(d + ".phrases");
            double lastWeight = Double.MAX_VALUE;
            for (int i = 0; i < list.size(); i++) {
                String p = d + ".phrases[" + i + "]";
                Feature f = FeatureSchema.byName(r.getString(p + ".feature")).orElseThrow();
                String words = r.getString(p + ".words");
                double mine = r.getDouble(p + ".playlist");
                double others = r.getDouble(p + ".others");
                if (f.categorical()) {
                    int c = r.getInt(p + ".category");
                    assertEquals(Arrays.stream(column(on, f)).filter(v -> v == c).count() / (double) column(on, f).length, mine, 1e-9, words);
                    assertEquals(Arrays.stream(column(off, f)).filter(v -> v == c).count() / (double) column(off, f).length, others, 1e-9, words);
                    assertTrue(mine > others, words);
                    assertTrue(words.endsWith(FeatureWords.category(f, c)), words);
                } else {
                    // the playlist's number is the profile's median, and "slower" means a lower median than the others'
                    assertEquals(r.getDouble("playlists[" + k + "].features.find { it.feature == '" + f.key() + "' }.median"), mine, 1e-9);
                    assertEquals(median(column(off, f)), others, 1e-9);
                    assertEquals(mine > others ? FeatureWords.higher(f) : FeatureWords.lower(f), words);
                }
                double weight = r.getDouble(p + ".modelWeight");
                assertTrue(weight >= 0 && weight <= lastWeight, "ordered by the model's weight: " + list);
                lastWeight = weight;
                assertTrue(r.getString(d + ".summary").contains(words) || i >= 5, r.getString(d + ".summary"));
                assertFalse(r.getString(p + ".detail").isBlank());
                phrases++;
            }
        }
        assertTrue(phrases > 0, "the four demo playlists differ");
        assertEquals(4, new HashSet<>(r.getList("playlists.description.summary")).size(), "each playlist has its own words");
        // the playlist with the most instrumental songs is called more instrumental
        int mostInstrumental = IntStream.range(0, 4).boxed().max(java.util.Comparator.comparingDouble(k ->
                r.getDouble("playlists[" + k + "].features.find { it.feature == 'instrumentalness' }.median"))).orElseThrow();
        assertTrue(r.getList("playlists[" + mostInstrumental + "].description.phrases.words").contains(FeatureWords.higher(Feature.INSTRUMENTALNESS)),
                r.getString("playlists[" + mostInstrumental + "].description.summary"));
    }

    @Test
    void theMapPlacesEveryTrainingSongOnceAndAStoredPlaylistOnTheSameMap() {
        JsonPath map = json("/api/v1/vibes/{v}/map", VIBE);
        List<LabeledSongs.Song> songs = model.data().songs();
        assertEquals(List.of("Bluey", "Praise Bangers", "No Words Allowed", "Country"), map.getList("playlists"));
        assertEquals(songs.size(), map.getList("points").size());
        Map<String, Integer> at = new HashMap<>();
        List<String> ids = map.getList("points.id");
        for (int i = 0; i < ids.size(); i++) {
            at.put(ids.get(i), i);
        }
        double sx = 0;
        double sy = 0;
        double vx = 0;
        double vy = 0;
        for (LabeledSongs.Song s : songs) {
            int i = at.get(s.id());
            List<Integer> expected = IntStream.range(0, 4).filter(k -> s.labels()[k]).boxed().toList();
            assertEquals(expected, map.getList("points[" + i + "].playlists", Integer.class), s.id());
            assertFalse(map.getBoolean("points[" + i + "].scored"));
            assertTrue(map.getString("points[" + i + "].facts").contains(" BPM"));
            double x = map.getDouble("points[" + i + "].x");
            double y = map.getDouble("points[" + i + "].y");
            sx += x;
            sy += y;
            vx += x * x;
            vy += y * y;
        }
        assertEquals(0, sx / songs.size(), 1e-6, "centred");
        assertEquals(0, sy / songs.size(), 1e-6, "centred");
        assertTrue(vx >= vy && vy > 0, "across spreads more than up");
        assertTrue(map.getDouble("x.varianceShare") >= map.getDouble("y.varianceShare"));
        assertFalse(map.getString("x.towards").isBlank());

        // a stored playlist: a training song lands exactly where it is on the map, with the model's probabilities
        LabeledSongs.Song a = songs.get(3);
        double[] other = songs.get(50).features().clone();
        other[Feature.TEMPO.index()] = 200;
        PlaylistDetail playlist = FakeIngest.playlist("map-list", "Map", List.of(
                FakeIngest.song("again", "Again", List.of(), AudioFeatures.of(a.features()).toMap()),
                FakeIngest.song("fast", "Fast", List.of(), AudioFeatures.of(other).toMap())));
        FakeIngest.server.stubFor(WireMock.get(WireMock.urlPathEqualTo("/api/v1/playlists/map-list")).willReturn(FakeIngest.ok(playlist)));
        JsonPath withScored = given().queryParam("playlistId", "map-list").get("/api/v1/vibes/{v}/map", VIBE).then().statusCode(200)
                .extract().jsonPath().using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        assertEquals(songs.size() + 2, withScored.getList("points").size());
        assertEquals(map.getList("points"), withScored.getList("points").subList(0, songs.size()), "the same map");
        assertEquals("map-list", withScored.getString("scoredPlaylist"));
        int again = songs.size();
        assertTrue(withScored.getBoolean("points[" + again + "].scored"));
        assertEquals(map.getDouble("points[" + at.get(a.id()) + "].x"), withScored.getDouble("points[" + again + "].x"), 1e-5);
        assertEquals(map.getDouble("points[" + at.get(a.id()) + "].y"), withScored.getDouble("points[" + again + "].y"), 1e-5);
        for (int k = 0; k < 4; k++) {
            assertEquals(model.network().predict(a.features())[k], withScored.getDouble("points[" + again + "].probabilities[" + k + "]"), 1e-5);
            assertEquals(model.network().predict(other)[k], withScored.getDouble("points[" + (again + 1) + "].probabilities[" + k + "]"), 1e-5);
        }
        assertTrue(withScored.getString("points[" + (again + 1) + "].facts").startsWith("200 BPM"));

        // the same songs sent in the body (as the page sends recommended songs) land at the same places, under their label
        String body = "{\"label\":\"picks for Country\",\"songs\":["
                + "{\"id\":\"again\",\"name\":\"Again\",\"features\":" + Models.json(AudioFeatures.of(a.features()).toMap()) + "},"
                + "{\"id\":\"fast\",\"name\":\"Fast\",\"features\":" + Models.json(AudioFeatures.of(other).toMap()) + "}]}";
        JsonPath placed = given().contentType("application/json").body(body).post("/api/v1/vibes/{v}/map", VIBE).then().statusCode(200)
                .extract().jsonPath().using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        assertEquals("picks for Country", placed.getString("scoredPlaylist"));
        assertEquals(withScored.getList("points"), placed.getList("points"), "the same points as for the stored playlist with these songs");

        // one far-off song does not squeeze the map: the span to show stays as it was, the song lies beyond it
        double[] far = songs.get(50).features().clone();
        far[Feature.TEMPO.index()] = 249;
        far[Feature.DURATION_MS.index()] = 3_600_000;
        far[Feature.LOUDNESS.index()] = -59;
        far[Feature.SPEECHINESS.index()] = 0.99;
        JsonPath withFar = given().contentType("application/json")
                .body("{\"songs\":[{\"id\":\"far\",\"features\":" + Models.json(AudioFeatures.of(far).toMap()) + "}]}")
                .post("/api/v1/vibes/{v}/map", VIBE).then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        double fx = withFar.getDouble("points[" + songs.size() + "].x");
        double fy = withFar.getDouble("points[" + songs.size() + "].y");
        assertTrue(fx < withFar.getDouble("x.shownFrom") || fx > withFar.getDouble("x.shownTo")
                || fy < withFar.getDouble("y.shownFrom") || fy > withFar.getDouble("y.shownTo"), "the far song lies beyond the span shown");
        for (String axis : List.of("x", "y")) {
            double before = map.getDouble(axis + ".shownTo") - map.getDouble(axis + ".shownFrom");
            double after = withFar.getDouble(axis + ".shownTo") - withFar.getDouble(axis + ".shownFrom");
            assertTrue(before > 0 && Math.abs(after - before) < 0.1 * before, axis + ": span " + before + " without the far song, " + after + " with it");
        }
        given().contentType("application/json").body("{\"songs\":[{\"id\":\"x\",\"features\":{\"tempo\":120}}]}")
                .post("/api/v1/vibes/{v}/map", VIBE).then().statusCode(400).contentType("application/problem+json")
                .body("errors[0].field", containsString("songs[0].features"));

        given().get("/api/v1/vibes/{v}/map", "no-such-vibe").then().statusCode(404).contentType("application/problem+json");
        given().queryParam("playlistId", "not-imported").get("/api/v1/vibes/{v}/map", VIBE).then().statusCode(400)
                .body("detail", containsString("Import it first"));
    }

    @Test
    void aSongsExplanationSaysInWordsWhereItSitsAmongEachPlaylistsSongs() {
        LabeledSongs.Song s = model.data().songs().get(10);
        JsonPath r = given().contentType("application/json").queryParam("explain", true)
                .body(Map.of("songs", List.of(Map.of("id", s.id(), "features", AudioFeatures.of(s.features()).toMap()))))
                .post("/api/v1/vibes/{v}/score", VIBE).then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
        int effects = 0;
        for (int k = 0; k < 4; k++) {
            int playlist = k;
            String x = "songs[0].explanation[" + k + "]";
            String name = r.getString(x + ".playlist");
            double probability = r.getDouble(x + ".probability");
            // it fits a playlist where its chance reaches the vibe's threshold ("fits none" below it)
            boolean fits = probability >= r.getDouble("fitsNoneBelow");
            assertTrue(r.getString(x + ".summary").startsWith((fits ? "fits " : "does not fit ") + name + ": "), r.getString(x + ".summary"));
            List<LabeledSongs.Song> on = model.data().songs().stream().filter(song -> song.labels()[playlist]).toList();
            for (String side : List.of("up", "down")) {
                List<Map<String, Object>> list = r.getList(x + "." + side);
                for (int i = 0; i < list.size(); i++) {
                    String e = x + "." + side + "[" + i + "]";
                    Feature f = FeatureSchema.byName(r.getString(e + ".feature")).orElseThrow();
                    double value = r.getDouble(e + ".value");
                    assertNotNull(r.get(e + ".effect"));
                    assertNotNull(r.get(e + ".typical"));
                    String valueText = r.getString(e + ".valueText");
                    switch (f) {
                        case TEMPO -> assertEquals(FeatureWords.tempo(value), valueText);
                        case DURATION_MS -> assertTrue(valueText.matches("\\d+:\\d\\d"), valueText);
                        case LOUDNESS -> assertTrue(valueText.endsWith(" dB"), valueText);
                        case KEY -> assertTrue(valueText.startsWith(FeatureWords.keyName((int) value)), valueText);
                        default -> assertTrue(!FeatureWords.unitScale(f) || valueText.endsWith("(" + FeatureWords.number(value) + ")"), valueText);
                    }
                    double[] v = column(on, f);
                    String position = r.getString(e + ".position");
                    if (f.categorical()) {
                        double share = Arrays.stream(v).filter(y -> y == value).count() / (double) v.length;
                        assertEquals(share >= (f == Feature.KEY ? 0.10 : 0.25) ? "typical" : "unusual", position, valueText + " on " + name);
                    } else {
                        double rank = (Arrays.stream(v).filter(y -> y < value).count() + Arrays.stream(v).filter(y -> y == value).count() / 2.0) / v.length;
                        assertEquals(rank > 0.75 ? "higher" : rank < 0.25 ? "lower" : "typical", position, valueText + " on " + name);
                        if (!position.equals("typical")) {
                            String comparative = position.equals("higher") ? FeatureWords.higher(f) : FeatureWords.lower(f);
                            assertEquals("it is " + comparative + " than most of " + name, r.getString(e + ".phrase"));
                        }
                    }
                    assertTrue(r.getString(e + ".words").contains(name) || position.equals("typical") && r.getString(e + ".words").contains(name),
                            r.getString(e + ".words"));
                    effects++;
                }
            }
        }
        assertTrue(effects > 0);
    }
}
