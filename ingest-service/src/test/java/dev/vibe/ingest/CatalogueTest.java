package dev.vibe.ingest;

import dev.vibe.common.csv.SongCsv;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.common.schema.Feature;
import dev.vibe.stack.test.VibeStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import dev.vibe.common.events.CataloguePart;
import dev.vibe.common.events.Topics;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A feature catalogue fills in features for playlist songs that have none; time_signature stays missing. */
@Tag("stack")
@QuarkusTest
@QuarkusTestResource(VibeStackTestResource.class)
@QuarkusTestResource(OutsideServices.class)
class CatalogueTest {

    static final String HEADER = "Track URI,Track Name,Artist Name(s),Danceability,Energy,Key,Loudness,Mode,Speechiness,Acousticness,"
            + "Instrumentalness,Liveness,Valence,Tempo,Duration (ms),Time Signature";

    @Test
    void catalogueFillsSongsWithoutFeaturesAndTheRestAreSkipped() {
        String catalogueCsv = Csv.read("catalogue/tidytuesday-sample.csv");
        SongCsv.Result catalogue = SongCsv.read(new StringReader(catalogueCsv));
        Map<String, AudioFeatures> byId = catalogue.songs().stream().collect(Collectors.toMap(SongCsv.Song::trackId, SongCsv.Song::features, (a, b) -> b));
        JsonPath loaded = given().contentType("text/csv").queryParam("name", "tidytuesday").body(catalogueCsv.getBytes(StandardCharsets.UTF_8))
                .post("/api/v1/catalogue").then().statusCode(200).extract().jsonPath();
        assertEquals(1703, loaded.getInt("rows"));
        assertEquals(byId.size(), loaded.getInt("loaded"));

        // published for the scoring service: every loaded song once, in parts of at most 500, with its features
        int parts = (byId.size() + CataloguePart.SONGS_PER_PART - 1) / CataloguePart.SONGS_PER_PART;
        List<CataloguePart> published = Kafka.read(Topics.CATALOGUE, CataloguePart.class, r -> r.key().startsWith("tidytuesday:"), parts, Duration.ofMillis(500));
        assertEquals(parts, published.size());
        Map<String, AudioFeatures> sent = published.stream().flatMap(part -> part.songs().stream())
                .collect(Collectors.toMap(CataloguePart.Song::trackId, CataloguePart.Song::features));
        assertEquals(byId, sent);
        assertTrue(published.stream().allMatch(part -> part.parts() == parts && part.songs().size() <= CataloguePart.SONGS_PER_PART));

        // a playlist export whose rows have no features (as Exportify writes unavailable tracks): two known to the catalogue, one not
        List<String> known = byId.keySet().stream().sorted().limit(2).toList();
        String unknown = "7zzzzzzzzzzzzzzzzzzzzz";
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (String id : List.of(known.get(0), unknown, known.get(1))) {
            csv.append("spotify:track:").append(id).append(",,Someone,,,,,,,,,,,,,\n");
        }
        JsonPath report = Csv.importPlaylist("From Catalogue", csv.toString()).statusCode(201).extract().jsonPath();
        assertEquals(2, report.getInt("songs"));
        assertEquals(2, report.getInt("featureSources.catalogue"));
        assertEquals(1, report.getInt("skipped"));
        assertEquals(unknown, report.getString("skippedSongs[0].trackId"));
        assertTrue(report.getString("skippedSongs[0].reason").contains("catalogue does not have it"));

        for (String id : known) {
            JsonPath track = given().get("/api/v1/tracks/{id}", id).then().statusCode(200).extract().jsonPath()
                    .using(new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE));
            assertEquals("CATALOGUE", track.getString("source"));
            AudioFeatures f = AudioFeatures.fromMap(track.getMap("features"));
            assertEquals(byId.get(id), f);
            assertFalse(f.has(Feature.TIME_SIGNATURE), "time_signature must stay missing, not become 0");
            assertFalse(track.getString("name").isBlank(), "the catalogue's name fills a blank name");
        }
    }

    @Test
    void playlistWhoseSongsHaveNoFeaturesAnywhereIsRejected() {
        String csv = HEADER + "\nspotify:track:6zzzzzzzzzzzzzzzzzzzzz,Gone,X,,,,,,,,,,,,,\n";
        Csv.importPlaylist("Nothing Usable", csv).statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("No song of the playlist"))
                .body("detail", containsString("catalogue"));
        given().get("/api/v1/playlists/nothing-usable").then().statusCode(404);
    }

    @Test
    void aBadCatalogueRowIsSkippedAndListedAndTheRestLoads() {
        long before = given().get("/api/v1/catalogue").then().extract().jsonPath().getLong("tracks");
        String csv = "track_id,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,duration_ms\n"
                + "1zzzzzzzzzzzzzzzzzzzzz,0.5,0.5,1,-5,1,0.1,0.1,0,0.1,0.5,120,200000\n"
                + "2zzzzzzzzzzzzzzzzzzzzz,0.5,0.5,1,-5,1,0.1,0.1,0,0.1,0.5,Infinity,200000\n";
        JsonPath report = given().contentType("text/csv").body(csv).post("/api/v1/catalogue").then().statusCode(200).extract().jsonPath();
        assertEquals(1, report.getInt("loaded"));
        assertEquals(1, report.getInt("skipped"));
        assertEquals(3, report.getInt("skippedRows[0].line"));
        assertEquals("tempo", report.getString("skippedRows[0].field"));
        assertEquals(before + 1, given().get("/api/v1/catalogue").then().extract().jsonPath().getLong("tracks"));
    }

    @Test
    void aFileThatIsNotACatalogueLoadsNothing() {
        long before = given().get("/api/v1/catalogue").then().extract().jsonPath().getLong("tracks");
        given().contentType("text/csv").body("when,where\n1,2\n").post("/api/v1/catalogue").then().statusCode(400)
                .contentType("application/problem+json").body("detail", containsString("no header column we know"));
        String allBad = "track_id,danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,duration_ms\n"
                + "3zzzzzzzzzzzzzzzzzzzzz,0.5,0.5,1,-5,1,0.1,0.1,0,0.1,0.5,NaN,200000\n";
        given().contentType("text/csv").body(allBad).post("/api/v1/catalogue").then().statusCode(400)
                .body("errors[0].field", org.hamcrest.Matchers.equalTo("line 2 tempo"));
        assertEquals(before, given().get("/api/v1/catalogue").then().extract().jsonPath().getLong("tracks"));
    }
}
