package dev.vibe.ingest;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.vibe.common.csv.SongCsv;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.ingest.service.TrackService;
import dev.vibe.stack.test.VibeStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real spotify-web-api-java client against a local server that answers like Spotify. */
@QuarkusTest
@QuarkusTestResource(VibeStackTestResource.class)
@QuarkusTestResource(value = FakeSpotify.class, restrictToAnnotatedClass = true)
class SpotifyImportTest {

    static List<SongCsv.Song> songs;

    @Inject
    TrackService tracks;

    @BeforeAll
    static void realFeatures() {
        songs = SongCsv.read(new StringReader(Csv.read("exportify/Liked_Songs.csv"))).songs();
    }

    /** Synthetic ids (so no other test has stored them), real songs' features. */
    static String id(String prefix, int i) {
        return String.format("%s%020d", prefix, i);
    }

    @Test
    void pagedPlaylistWithThrottlingImportsEverySongAndSkipsLocalFilesAndEpisodes() {
        String playlist = "PagedPlaylist000000001";
        List<String> ids = new ArrayList<>();
        List<ObjectNode> items = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            ids.add(id("Pg", i));
            items.add(FakeSpotify.trackItem(ids.get(i), songs.get(i)));
        }
        items.add(FakeSpotify.localItem("My Demo"));
        items.add(FakeSpotify.episodeItem(id("Ep", 1)));
        items.add(FakeSpotify.unavailableItem());
        FakeSpotify.playlist(playlist, "Paged Mix", items);
        // first batch of features: one 429 with Retry-After: 1, then the answer
        var batch1 = FakeSpotify.audioFeatures(ids.subList(0, 100), songs.subList(0, 100));
        FakeSpotify.server.stubFor(get(urlPathEqualTo("/v1/audio-features")).withQueryParam("ids", containing(ids.get(0)))
                .inScenario("throttle").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(FakeSpotify.error(429, "API rate limit exceeded").withHeader("Retry-After", "1")).willSetStateTo("open"));
        FakeSpotify.server.stubFor(get(urlPathEqualTo("/v1/audio-features")).withQueryParam("ids", containing(ids.get(0)))
                .inScenario("throttle").whenScenarioStateIs("open").willReturn(FakeSpotify.json(200, batch1)));
        FakeSpotify.server.stubFor(get(urlPathEqualTo("/v1/audio-features")).withQueryParam("ids", containing(ids.get(100)))
                .willReturn(FakeSpotify.json(200, FakeSpotify.audioFeatures(ids.subList(100, 130), songs.subList(100, 130)))));

        String body = given().contentType("application/json").body(Map.of("playlist", "spotify:playlist:" + playlist))
                .post("/api/v1/playlists/spotify").then().statusCode(201).extract().asString();
        JsonPath report = JsonPath.from(body);
        assertEquals(playlist, report.getString("playlistId"));
        assertEquals("Paged Mix", report.getString("name"));
        assertEquals(130, report.getInt("songs"));
        assertEquals(130, report.getInt("stored"));
        assertEquals(3, report.getInt("skipped"));
        List<String> reasons = report.getList("skippedSongs.reason");
        assertTrue(reasons.get(0).contains("local file") && reasons.get(1).contains("episode") && reasons.get(2).contains("no longer available"), reasons.toString());
        assertFalse(body.contains(FakeSpotify.CLIENT_SECRET), "the client secret must never be returned");

        for (int i = 0; i < 130; i++) {
            var stored = tracks.find(ids.get(i)).orElseThrow();
            assertEquals(songs.get(i).features(), AudioFeatures.fromMap(stored.features), "features of " + ids.get(i));
            assertEquals(songs.get(i).name(), stored.name);
        }
        // feature requests: batches of at most 100 ids, the throttled one repeated after the wait
        List<LoggedRequest> featureCalls = FakeSpotify.server.findAll(getRequestedFor(urlPathEqualTo("/v1/audio-features")));
        assertEquals(3, featureCalls.size());
        Set<String> asked = new HashSet<>();
        for (LoggedRequest r : featureCalls) {
            List<String> batch = Arrays.asList(r.queryParameter("ids").firstValue().split(","));
            assertTrue(batch.size() <= 100, "batch of " + batch.size());
            asked.addAll(batch);
            assertEquals("Bearer fake-token", r.getHeader("Authorization"));
        }
        assertEquals(new HashSet<>(ids), asked);
        assertEquals(2, FakeSpotify.server.findAll(getRequestedFor(urlPathMatching("/v1/playlists/" + playlist + "/(tracks|items)"))).size());
    }

    @Test
    void forbiddenAudioFeaturesPointToExportifyAndTheCatalogueFillsWhatItHas() {
        String playlist = "ForbiddenPlaylist00001";
        List<String> ids = new ArrayList<>();
        List<ObjectNode> items = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(id("Fb", i));
            items.add(FakeSpotify.trackItem(ids.get(i), songs.get(200 + i)));
        }
        FakeSpotify.playlist(playlist, "New App Mix", items);
        FakeSpotify.server.stubFor(get(urlPathEqualTo("/v1/audio-features")).withQueryParam("ids", containing(ids.get(0)))
                .willReturn(FakeSpotify.error(403, "Forbidden")));

        given().contentType("application/json").body(Map.of("playlist", "https://open.spotify.com/playlist/" + playlist + "?si=x"))
                .post("/api/v1/playlists/spotify").then().statusCode(502).contentType("application/problem+json")
                .body("detail", containsString("no longer serves audio features to apps created after 2024-11-27"))
                .body("detail", containsString("Exportify"))
                .body("detail", containsString("/api/v1/catalogue"));
        given().get("/api/v1/playlists/{id}", playlist).then().statusCode(404);

        // with three of the five songs in a catalogue, the import goes through and says which songs lack features
        StringBuilder catalogue = new StringBuilder("track_id,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,"
                + "liveness,valence,tempo,duration_ms,time_signature\n");
        for (int i = 0; i < 3; i++) {
            AudioFeatures f = songs.get(200 + i).features();
            catalogue.append(ids.get(i));
            for (double v : f.toArray()) {
                catalogue.append(',').append(Double.isNaN(v) ? "" : Double.toString(v));
            }
            catalogue.append('\n');
        }
        given().contentType("text/csv").body(catalogue.toString()).post("/api/v1/catalogue").then().statusCode(200);
        JsonPath report = given().contentType("application/json").body(Map.of("playlist", playlist))
                .post("/api/v1/playlists/spotify").then().statusCode(201).extract().jsonPath();
        assertEquals(3, report.getInt("songs"));
        assertEquals(3, report.getInt("featureSources.catalogue"));
        assertEquals(2, report.getInt("skipped"));
    }

    @Test
    void rejectedCredentialsAndRevokedTokensSayWhatToCheck() {
        String body = given().contentType("application/json")
                .body(Map.of("playlist", "spotify:playlist:AnyPlaylist00000000001", "clientId", "wrong-id", "clientSecret", "wrong-secret"))
                .post("/api/v1/playlists/spotify").then().statusCode(502).contentType("application/problem+json")
                .body("detail", containsString("rejected the client credentials"))
                .body("detail", containsString("CLIENT_ID and CLIENT_SECRET")).extract().asString();
        assertFalse(body.contains("wrong-secret"));

        String expired = "ExpiredTokenPlaylist01";
        FakeSpotify.server.stubFor(get(urlPathEqualTo("/v1/playlists/" + expired)).willReturn(FakeSpotify.error(401, "The access token expired")));
        given().contentType("application/json").body(Map.of("playlist", expired)).post("/api/v1/playlists/spotify")
                .then().statusCode(502).body("detail", containsString("HTTP 401"));
    }

    @Test
    void unknownPlaylistIs404AndBadReferencesAre400() {
        String missing = "MissingPlaylist0000001";
        FakeSpotify.server.stubFor(get(urlPathEqualTo("/v1/playlists/" + missing)).willReturn(FakeSpotify.error(404, "Not found")));
        given().contentType("application/json").body(Map.of("playlist", missing)).post("/api/v1/playlists/spotify")
                .then().statusCode(404).contentType("application/problem+json").body("detail", containsString("public"));
        given().contentType("application/json").body(Map.of("playlist", "spotify:track:40DGtj95w54IDSbA7BWn3o")).post("/api/v1/playlists/spotify")
                .then().statusCode(400).body("errors[0].field", org.hamcrest.Matchers.equalTo("playlist"))
                .body("detail", not(containsString(FakeSpotify.CLIENT_SECRET)));
    }
}
