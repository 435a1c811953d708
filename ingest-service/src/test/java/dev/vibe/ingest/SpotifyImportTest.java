package dev.vibe.ingest;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.vibe.common.csv.SongCsv;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.fakes.FakeSpotify;
import dev.vibe.fakes.FakeSpotify.Item;
import dev.vibe.ingest.service.TrackService;
import dev.vibe.stack.test.VibeStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.response.ValidatableResponse;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real client code against a local Spotify that answers as it does for a development-mode app in 2026 (items only
 * through /items with the listener's token and for the listener's own playlists, /tracks and /audio-features 403) and
 * a local ReccoBeats.
 */
@Tag("stack")
@QuarkusTest
@QuarkusTestResource(VibeStackTestResource.class)
@QuarkusTestResource(OutsideServices.class)
class SpotifyImportTest {

    static List<SongCsv.Song> songs;

    @Inject
    TrackService tracks;

    @BeforeAll
    static void realFeatures() {
        songs = SongCsv.read(Csv.read("exportify/Liked_Songs.csv")).songs();
    }

    @BeforeEach
    void resetFakes() {
        OutsideServices.spotify.reset();
        OutsideServices.reccoBeats.reset();
    }

    /** Synthetic ids (so no other test has stored them), real songs' names, durations and features. */
    static String id(String prefix, int i) {
        return String.format("%s%020d", prefix, i);
    }

    static Item item(String id, SongCsv.Song song) {
        return Item.track(id, song.name(), song.artists(), song.album(), (long) song.features().get(Feature.DURATION_MS));
    }

    static ValidatableResponse importWithToken(String token, Map<String, ?> body) {
        var request = given().contentType("application/json").body(body);
        if (token != null) {
            request.header("X-Spotify-Token", token);
        }
        return request.post("/api/v1/playlists/spotify").then();
    }

    @Test
    void aListenersOwnPlaylistImportsThroughItemsWithTheirTokenAndReccoBeatsFillsTheFeatures() {
        String playlist = "MyPagedPlaylist0000001";
        List<String> ids = new ArrayList<>();
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 130; i++) {
            ids.add(id("Pg", i));
            items.add(item(ids.get(i), songs.get(i)));
            OutsideServices.reccoBeats.knows(ids.get(i), songs.get(i).features());
        }
        items.add(Item.local("My Demo"));
        items.add(Item.episode(id("Ep", 1), "A podcast episode"));
        items.add(Item.unavailable());
        OutsideServices.spotify.playlist(playlist, "Paged Mix", FakeSpotify.LISTENER, items).rateLimitOnce(".*/items", 1);
        String token = OutsideServices.spotify.userToken(FakeSpotify.LISTENER);

        // the app's client id travels with the token (the CLI sends it): the 403 on audio features is remembered per app
        String body = importWithToken(token, Map.of("playlist", "spotify:playlist:" + playlist, "clientId", "paged-test-app")).statusCode(201)
                .extract().asString();
        JsonPath report = JsonPath.from(body);
        assertEquals(playlist, report.getString("playlistId"));
        assertEquals("Paged Mix", report.getString("name"));
        assertEquals(130, report.getInt("songs"));
        assertEquals(130, report.getInt("featureSources.reccobeats"));
        assertEquals(List.of(131, 132, 133), report.getList("skippedSongs.position"));
        List<String> reasons = report.getList("skippedSongs.reason");
        assertTrue(reasons.get(0).contains("local file") && reasons.get(1).contains("episode") && reasons.get(2).contains("no longer available"), reasons.toString());
        assertTrue(report.getList("notes").toString().contains("HTTP 403"), "Spotify's refusal of audio features is told: " + report.getList("notes"));
        assertFalse(body.contains(token), "the listener's token is never returned");

        for (int i = 0; i < 130; i++) {
            var stored = tracks.find(ids.get(i)).orElseThrow();
            assertEquals("RECCOBEATS", stored.source.name());
            AudioFeatures want = songs.get(i).features();
            AudioFeatures got = AudioFeatures.fromMap(stored.features);
            for (Feature f : FeatureSchema.FEATURES) {
                if (f != Feature.TIME_SIGNATURE) {
                    assertEquals(want.get(f), got.get(f), ids.get(i) + " " + f.key());
                }
            }
            assertFalse(got.has(Feature.TIME_SIGNATURE));
            assertEquals(songs.get(i).name(), stored.name);
        }
        // items in pages of 50 through /items (the first page asked again after its 429), never /tracks
        List<LoggedRequest> itemCalls = OutsideServices.spotify.requests("/v1/playlists/" + playlist + "/items");
        assertEquals(4, itemCalls.size());
        assertTrue(itemCalls.stream().allMatch(r -> r.queryParameter("limit").firstValue().equals("50")));
        assertTrue(itemCalls.stream().allMatch(r -> ("Bearer " + token).equals(r.getHeader("Authorization"))));
        assertEquals(0, OutsideServices.spotify.requests(".*/tracks").size());
        assertEquals(1, OutsideServices.spotify.requests("/v1/audio-features").size());
        assertTrue(OutsideServices.reccoBeats.requests().stream().allMatch(batch -> batch.size() <= 40));

        // a second import: the 403 on audio features is remembered, Spotify is not asked again
        String second = "MySecondPlaylist000001";
        OutsideServices.spotify.playlist(second, "Second", FakeSpotify.LISTENER, List.of(item(id("Sc", 0), songs.get(200))));
        OutsideServices.reccoBeats.knows(id("Sc", 0), songs.get(200).features());
        importWithToken(token, Map.of("playlist", second, "clientId", "paged-test-app")).statusCode(201);
        assertEquals(1, OutsideServices.spotify.requests("/v1/audio-features").size());
    }

    @Test
    void someoneElsesPlaylistIsRefusedWithWhatToDoAndNothingIsStored() {
        String playlist = "TheirPlaylist000000001";
        OutsideServices.spotify.user("dj-kim", "DJ Kim").playlist(playlist, "Kim's Mix", "dj-kim", List.of(item(id("Th", 0), songs.get(0))));
        String token = OutsideServices.spotify.userToken(FakeSpotify.LISTENER);
        importWithToken(token, Map.of("playlist", playlist)).statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("Kim's Mix"))
                .body("detail", containsString("DJ Kim"))
                .body("detail", containsString("Exportify"))
                .body("detail", containsString("owns or collaborates on"));
        given().get("/api/v1/playlists/{id}", playlist).then().statusCode(404);
    }

    @Test
    void clientCredentialsCannotReadADevModeAppsPlaylistItemsAndTheAnswerSaysToSignIn() {
        String playlist = "MinePlaylist0000000001";
        OutsideServices.spotify.playlist(playlist, "Mine", FakeSpotify.LISTENER, List.of(item(id("Cc", 0), songs.get(0))));
        importWithToken(null, Map.of("playlist", playlist, "clientId", FakeSpotify.CLIENT_ID, "clientSecret", FakeSpotify.CLIENT_SECRET))
                .statusCode(403).contentType("application/problem+json")
                .body("detail", containsString("./vibe login"))
                .body("detail", containsString("Exportify"));
        assertEquals(0, OutsideServices.spotify.requests(".*/tracks").size());
    }

    @Test
    void anAppThatStillHasAudioFeaturesGetsSpotifysOwn() {
        String playlist = "LegacyAppPlaylist00001";
        Map<String, AudioFeatures> features = new HashMap<>();
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            features.put(id("Lg", i), songs.get(300 + i).features());
            items.add(item(id("Lg", i), songs.get(300 + i)));
        }
        OutsideServices.spotify.legacyApp(features).playlist(playlist, "Legacy", FakeSpotify.LISTENER, items);
        JsonPath report = importWithToken(OutsideServices.spotify.userToken(FakeSpotify.LISTENER),
                Map.of("playlist", playlist, "clientId", "an-app-from-2023")).statusCode(201).extract().jsonPath();
        assertEquals(5, report.getInt("featureSources.spotify"));
        for (int i = 0; i < 5; i++) {
            var stored = tracks.find(id("Lg", i)).orElseThrow();
            assertEquals("SPOTIFY_API", stored.source.name());
            assertEquals(songs.get(300 + i).features(), AudioFeatures.fromMap(stored.features));
        }
    }

    @Test
    void whenNoSourceHasFeaturesTheAnswerPointsToExportifyAndTheCatalogueFillsWhatItHas() {
        String playlist = "NoFeaturesPlaylist0001";
        List<String> ids = new ArrayList<>();
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ids.add(id("Nf", i));
            items.add(item(ids.get(i), songs.get(200 + i)));
        }
        OutsideServices.spotify.playlist(playlist, "New App Mix", FakeSpotify.LISTENER, items);
        String token = OutsideServices.spotify.userToken(FakeSpotify.LISTENER);
        importWithToken(token, Map.of("playlist", "https://open.spotify.com/playlist/" + playlist + "?si=x")).statusCode(502)
                .contentType("application/problem+json")
                .body("detail", containsString("no longer serves audio features to apps created after 2024-11-27"))
                .body("detail", containsString("Exportify"))
                .body("detail", containsString("/api/v1/catalogue"));
        given().get("/api/v1/playlists/{id}", playlist).then().statusCode(404);

        // with three of the five songs in a catalogue, the import goes through and says which songs lack features
        StringBuilder catalogue = new StringBuilder("track_id,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,"
                + "liveness,valence,tempo,duration_ms,time_signature\n");
        for (int i = 0; i < 3; i++) {
            catalogue.append(ids.get(i));
            for (double v : songs.get(200 + i).features().toArray()) {
                catalogue.append(',').append(Double.isNaN(v) ? "" : Double.toString(v));
            }
            catalogue.append('\n');
        }
        given().contentType("text/csv").body(catalogue.toString()).post("/api/v1/catalogue").then().statusCode(200);
        JsonPath report = importWithToken(token, Map.of("playlist", playlist)).statusCode(201).extract().jsonPath();
        assertEquals(3, report.getInt("songs"));
        assertEquals(3, report.getInt("featureSources.catalogue"));
        assertEquals(2, report.getInt("skipped"));
    }

    @Test
    void rejectedCredentialsAndExpiredTokensSayWhatToCheck() {
        String body = importWithToken(null, Map.of("playlist", "spotify:playlist:AnyPlaylist00000000001", "clientId", "wrong-id",
                "clientSecret", "wrong-secret")).statusCode(502).contentType("application/problem+json")
                .body("detail", containsString("rejected the client credentials"))
                .body("detail", containsString("CLIENT_ID and CLIENT_SECRET")).extract().asString();
        assertFalse(body.contains("wrong-secret"));

        String playlist = "ExpiredTokenPlaylist01";
        OutsideServices.spotify.playlist(playlist, "Mine", FakeSpotify.LISTENER, List.of(item(id("Ex", 0), songs.get(0))));
        String token = OutsideServices.spotify.userToken(FakeSpotify.LISTENER);
        OutsideServices.spotify.advanceClock(Duration.ofHours(2));
        importWithToken(token, Map.of("playlist", playlist)).statusCode(502)
                .body("detail", containsString("HTTP 401"))
                .body("detail", containsString("./vibe login"))
                .body("detail", not(containsString(token)));
    }

    @Test
    void unknownPlaylistIs404AndBadReferencesAre400() {
        String token = OutsideServices.spotify.userToken(FakeSpotify.LISTENER);
        importWithToken(token, Map.of("playlist", "MissingPlaylist0000001")).statusCode(404).contentType("application/problem+json");
        importWithToken(token, Map.of("playlist", "spotify:track:40DGtj95w54IDSbA7BWn3o")).statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("playlist"))
                .body("detail", not(containsString(FakeSpotify.CLIENT_SECRET)));
    }
}
