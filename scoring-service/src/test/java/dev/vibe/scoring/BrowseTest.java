package dev.vibe.scoring;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.vibe.common.api.PlaylistSong;
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

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What the web page browses: the schema, the vibes with models, each playlist's profile, stored playlists. */
@Tag("stack")
@QuarkusTest
@QuarkusTestResource(VibeStackTestResource.class)
@QuarkusTestResource(FakeTrainer.class)
@QuarkusTestResource(FakeIngest.class)
class BrowseTest {

    static final String VIBE = "browse-test-vibe";
    static Models.Trained model;

    @BeforeAll
    static void registerARealModel() throws Exception {
        model = Models.train(7);
        Models.register(VIBE, 1, model);
    }

    static JsonPath json(String path, Object... params) {
        return given().get(path, params).then().statusCode(200).extract().jsonPath()
                .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
    }

    @Test
    void theFeatureSchemaInModelInputOrder() {
        JsonPath r = json("/api/v1/features");
        assertEquals(FeatureSchema.keys(), r.getList("key"));
        assertEquals(List.of(false), r.getList("findAll { it.key == 'time_signature' }.required"));
        assertEquals("categorical", r.getString("find { it.key == 'key' }.kind"));
        assertEquals(0.0, r.getDouble("find { it.key == 'danceability' }.min"));
    }

    @Test
    void vibesWithAModelAreListed() {
        JsonPath r = json("/api/v1/vibes");
        assertEquals(1, r.getInt("find { it.vibeId == '" + VIBE + "' }.modelVersion"));
        assertEquals(List.of("Bluey", "Praise Bangers", "No Words Allowed", "Country"), r.getList("find { it.vibeId == '" + VIBE + "' }.playlists"));
    }

    @Test
    void profilesAreTheQuartilesOfEachPlaylistsTrainingSongs() {
        JsonPath r = json("/api/v1/vibes/{v}/profile", VIBE);
        assertEquals(List.of("Bluey", "Praise Bangers", "No Words Allowed", "Country"), r.getList("playlists.playlist"));
        for (int k = 0; k < 4; k++) {
            int playlist = k;
            List<LabeledSongs.Song> on = model.data().songs().stream().filter(s -> s.labels()[playlist]).toList();
            assertEquals(on.size(), r.getInt("playlists[" + k + "].songs"));
            for (String feature : List.of("danceability", "tempo", "loudness")) {
                int index = FeatureSchema.keys().indexOf(feature);
                double[] v = on.stream().mapToDouble(s -> s.features()[index]).sorted().toArray();
                String stats = "playlists[" + k + "].features.find { it.feature == '" + feature + "' }";
                double median = v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
                assertEquals(median, r.getDouble(stats + ".median"), 1e-9, feature + " median of playlist " + k);
                assertEquals(v[0], r.getDouble(stats + ".min"), 1e-9);
                assertEquals(v[v.length - 1], r.getDouble(stats + ".max"), 1e-9);
                assertEquals(Arrays.stream(v).average().orElseThrow(), r.getDouble(stats + ".mean"), 1e-9);
                double q1 = r.getDouble(stats + ".q1");
                double q3 = r.getDouble(stats + ".q3");
                assertTrue(v[0] <= q1 && q1 <= median && median <= q3 && q3 <= v[v.length - 1]);
                assertTrue(r.getDouble("overall.find { it.feature == '" + feature + "' }.min") <= v[0]);
            }
        }
        // categorical features also count each value: the counts add up to the songs, and match the data
        for (int k = 0; k < 4; k++) {
            int playlist = k;
            List<LabeledSongs.Song> on = model.data().songs().stream().filter(s -> s.labels()[playlist]).toList();
            int keyIndex = FeatureSchema.keys().indexOf("key");
            long inC = on.stream().filter(s -> s.features()[keyIndex] == 0).count();
            String key = "playlists[" + k + "].features.find { it.feature == 'key' }";
            java.util.Map<String, Number> counts = r.getMap(key + ".counts");
            assertEquals(on.size(), counts.values().stream().mapToInt(Number::intValue).sum());
            assertEquals(inC, counts.getOrDefault("0", 0).longValue(), "songs in C on playlist " + k);
            assertTrue(r.getMap("playlists[" + k + "].features.find { it.feature == 'mode' }.counts").keySet().stream()
                    .allMatch(m -> m.equals("0") || m.equals("1")));
            assertTrue(r.get("playlists[" + k + "].features.find { it.feature == 'tempo' }.counts") == null, "continuous: no counts");
        }
        given().get("/api/v1/vibes/{v}/profile", "no-such-vibe").then().statusCode(404)
                .contentType("application/problem+json").body("detail", containsString("no-such-vibe"));
    }

    @Test
    void storedPlaylistsAreReadThroughFromIngest() {
        List<PlaylistSong> songs = IntStream.range(0, 31).mapToObj(i -> FakeIngest.song("t" + i, "Song " + i, List.of("Artist"), Map.of())).toList();
        FakeIngest.server.stubFor(get(urlPathEqualTo("/api/v1/playlists")).willReturn(FakeIngest.ok(
                List.of(FakeIngest.summary(FakeIngest.playlist("acoustic", "Acoustic", songs))))));
        given().get("/api/v1/playlists").then().statusCode(200).body("[0].id", equalTo("acoustic")).body("[0].songs", equalTo(31));
        // the page's shapes: ingest's summary and playlist without their import details
        assertEquals("[{\"id\":\"acoustic\",\"name\":\"Acoustic\",\"songs\":31}]", given().get("/api/v1/playlists").then().extract().asString());
        FakeIngest.server.stubFor(get(urlPathEqualTo("/api/v1/playlists/acoustic")).willReturn(FakeIngest.ok(FakeIngest.playlist("acoustic", "Acoustic",
                List.of(FakeIngest.song("t1", "One", List.of("A", "B"), Map.of("tempo", 120.5)), FakeIngest.song("t2", "Two", null, Map.of()))))));
        assertEquals("{\"id\":\"acoustic\",\"name\":\"Acoustic\",\"songs\":[{\"id\":\"t1\",\"name\":\"One\",\"artists\":[\"A\",\"B\"],"
                + "\"features\":{\"tempo\":120.5}},{\"id\":\"t2\",\"name\":\"Two\",\"artists\":[],\"features\":{}}]}",
                given().get("/api/v1/playlists/{id}", "acoustic").then().statusCode(200).extract().asString());
        given().get("/api/v1/playlists/{id}", "not-stored").then().statusCode(404).contentType("application/problem+json")
                .body("detail", containsString("Import it first"));
        // ingest going away mid-answer (a stopped WireMock would come back on another port, so drop the connection instead)
        var gone = FakeIngest.server.stubFor(get(urlPathEqualTo("/api/v1/playlists")).atPriority(1)
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        try {
            String detail = given().get("/api/v1/playlists").then().statusCode(503).contentType("application/problem+json")
                    .extract().path("detail");
            assertFalse(detail.isBlank());
        } finally {
            FakeIngest.server.removeStub(gone);
        }
    }
}
