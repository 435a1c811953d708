package dev.vibe.ingest;

import dev.vibe.common.csv.SongCsv;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.stack.test.VibeStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import io.restassured.path.json.config.JsonPathConfig;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every export layout listeners have on disk imports through the REST API, bad rows are skipped and listed, and songs
 * without features get them from ReccoBeats (a local fake that answers as it does today).
 */
@Tag("stack")
@QuarkusTest
@QuarkusTestResource(VibeStackTestResource.class)
@QuarkusTestResource(OutsideServices.class)
class ExportLayoutsImportTest {

    static final JsonPathConfig DOUBLES = new JsonPathConfig(JsonPathConfig.NumberReturnType.DOUBLE);
    /** The fixtures' seven real songs, as the 2025 export has them. */
    static final List<SongCsv.Song> REFERENCE = SongCsv.read(Csv.read("fixtures/exportify-2025-04.csv")).songs();

    @BeforeEach
    void reset() {
        OutsideServices.reccoBeats.reset();
    }

    static AudioFeatures stored(String id) {
        return AudioFeatures.fromMap(given().get("/api/v1/tracks/{id}", id).then().statusCode(200).extract().jsonPath().using(DOUBLES).getMap("features"));
    }

    @Test
    void everyLayoutImportsEverySong() {
        // ReccoBeats knows the seven songs, for the layout without feature columns
        REFERENCE.forEach(s -> OutsideServices.reccoBeats.knows(s.trackId(), s.features()));
        record Layout(String file, String layout) {
        }
        for (Layout l : List.of(new Layout("exportify-2019.csv", "exportify.net, 2019 to August 2024"),
                new Layout("exportify-2024-12.csv", "exportify.net, December 2024"), new Layout("exportify-2025-04.csv", "exportify.net, 2025"),
                new Layout("exportify-2025-05.csv", "exportify.net, 2025"), new Layout("watsonbox-features.csv", "watsonbox/exportify"),
                new Layout("watsonbox.csv", "watsonbox/exportify"))) {
            String name = "Layout " + l.file().replace(".csv", "");
            JsonPath report = Csv.importPlaylist(name, Csv.read("fixtures/" + l.file())).statusCode(201).extract().jsonPath();
            assertEquals(7, report.getInt("songs"), l.file() + ": " + report.prettify());
            assertEquals(0, report.getInt("skipped"), l.file());
            assertTrue(report.getString("layout").startsWith(l.layout()), report.getString("layout"));
            assertFalse(report.getBoolean("idsDerived"));
            List<String> ids = given().get("/api/v1/playlists/{id}", report.getString("playlistId")).then().statusCode(200)
                    .extract().jsonPath().getList("songs.id");
            assertEquals(REFERENCE.stream().map(SongCsv.Song::trackId).toList(), ids, l.file());
            for (SongCsv.Song s : REFERENCE) {
                AudioFeatures f = stored(s.trackId());
                for (Feature feature : FeatureSchema.FEATURES) {
                    if (feature != Feature.TIME_SIGNATURE) {
                        assertEquals(s.features().get(feature), f.get(feature), l.file() + " " + s.name() + " " + feature.key());
                    }
                }
            }
        }
        // the artist whose quotes the 2019 and December 2024 exports did not double
        var shame = given().get("/api/v1/tracks/{id}", REFERENCE.get(5).trackId()).then().extract().jsonPath();
        assertEquals(List.of("Evelyn \"Champagne\" King"), shame.getList("artists"));
    }

    @Test
    void aLayoutWithoutTrackIdsKeepsItsSongsUnderDerivedIdsAndSaysSo() {
        JsonPath first = Csv.importPlaylist("Layout Sep 2024", Csv.read("fixtures/exportify-2024-09.csv")).statusCode(201).extract().jsonPath();
        assertEquals(7, first.getInt("songs"));
        assertTrue(first.getBoolean("idsDerived"));
        assertTrue(first.getString("notes[0]").contains("no track id column"), first.getString("notes[0]"));
        List<String> ids = given().get("/api/v1/playlists/layout-sep-2024").then().extract().jsonPath().getList("songs.id");
        assertTrue(ids.stream().allMatch(id -> id.startsWith("derived-")), ids.toString());
        for (int i = 0; i < 7; i++) {
            assertEquals(REFERENCE.get(i).features(), stored(ids.get(i)));
        }
        // the same file again finds the same songs: nothing changes
        JsonPath again = Csv.importPlaylist("Layout Sep 2024", Csv.read("fixtures/exportify-2024-09.csv")).statusCode(200).extract().jsonPath();
        assertFalse(again.getBoolean("membershipChanged"));
        assertEquals(7, again.getInt("alreadyKnown"));
    }

    @Test
    void badRowsAreSkippedAndListedAndTheRestIsStored() {
        JsonPath report = Csv.importPlaylist("Messy Rows", Csv.read("fixtures/exportify-messy-rows.csv")).statusCode(201).extract().jsonPath();
        assertEquals(24, report.getInt("songs"));
        assertEquals(7, report.getInt("skipped"));
        assertEquals(List.of(5, 9, 13, 17, 21, 25, 28), report.getList("skippedSongs.line"));
        assertEquals("danceability", report.getString("skippedSongs[0].field"));
        assertEquals("Matches", report.getString("skippedSongs[0].name"));
        assertEquals("'NaN' is not a number", report.getString("skippedSongs[0].reason"));
        assertEquals("tempo must be between 0 and 400, got -5", report.getString("skippedSongs[1].reason"));
        given().get("/api/v1/playlists/messy-rows").then().statusCode(200).body("songs.size()", org.hamcrest.Matchers.equalTo(24));
    }

    @Test
    void oneBadValueNoLongerCostsTheOther699Songs() {
        List<String> lines = new ArrayList<>(Csv.read("exportify/Liked_Songs.csv").lines().toList());
        List<SongCsv.Song> liked = SongCsv.read(String.join("\n", lines)).songs();
        int distinct = (int) liked.stream().map(SongCsv.Song::trackId).distinct().count();
        lines.set(100, lines.get(100).replaceFirst(",([0-9.]+),(\\d)$", ",-5,$2"));       // tempo -5
        lines.set(400, lines.get(400).replaceFirst(",(0\\.\\d+),(0\\.\\d+),(\\d+),(-)", ",NaN,$2,$3,$4")); // danceability NaN
        JsonPath report = Csv.importPlaylist("Liked With Two Bad Rows", String.join("\n", lines) + "\n").statusCode(201).extract().jsonPath();
        assertEquals(2, report.getInt("skipped"), report.prettify());
        assertEquals(List.of(101, 401), report.getList("skippedSongs.line"));
        assertEquals(List.of("tempo", "danceability"), report.getList("skippedSongs.field"));
        assertTrue(report.getInt("songs") >= distinct - 2, report.getInt("songs") + " of " + distinct);
    }

    @Test
    void songsWithoutFeaturesGetThemFromReccoBeatsWithTheExportsDuration() {
        // a watsonbox export (no feature columns) of songs Vibe has never seen; ReccoBeats knows five of seven
        List<SongCsv.Song> real = SongCsv.read(Csv.read("exportify/Musicals.csv")).songs().subList(0, 7);
        StringBuilder csv = new StringBuilder("\"Track URI\",\"Track Name\",\"Artist Name(s)\",\"Album Name\",\"Track Duration (ms)\",\"ISRC\"\n");
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            String id = String.format("Rb%020d", i);
            ids.add(id);
            SongCsv.Song s = real.get(i);
            csv.append(String.format("\"spotify:track:%s\",\"%s\",\"%s\",\"%s\",\"%d\",\"\"%n", id, s.name().replace("\"", "\"\""),
                    String.join(", ", s.artists()), s.album().replace("\"", "\"\""), (long) s.features().get(Feature.DURATION_MS)));
            if (i < 5) {
                OutsideServices.reccoBeats.knows(id, s.features());
            }
        }
        OutsideServices.reccoBeats.rateLimitOnce(1).failOnce(500);

        JsonPath report = Csv.importPlaylist("From ReccoBeats", csv.toString()).statusCode(201).extract().jsonPath();
        assertEquals(5, report.getInt("songs"), report.prettify());
        assertEquals(Map.of("export", 0, "stored", 0, "catalogue", 0, "spotify", 0, "reccobeats", 5), report.getMap("featureSources"));
        assertEquals(2, report.getInt("skipped"));
        assertTrue(report.getString("skippedSongs[0].reason").contains("ReccoBeats does not know it"), report.getString("skippedSongs[0].reason"));
        assertEquals(ids.get(5), report.getString("skippedSongs[0].trackId"));
        assertEquals(3, OutsideServices.reccoBeats.requests().size(), "one batch, asked again after the 429 and after the 500");

        for (int i = 0; i < 5; i++) {
            JsonPath track = given().get("/api/v1/tracks/{id}", ids.get(i)).then().statusCode(200).extract().jsonPath().using(DOUBLES);
            assertEquals("RECCOBEATS", track.getString("source"));
            AudioFeatures f = AudioFeatures.fromMap(track.getMap("features"));
            AudioFeatures want = real.get(i).features();
            assertEquals(want.get(Feature.DURATION_MS), f.get(Feature.DURATION_MS), "the duration comes from the export");
            assertFalse(f.has(Feature.TIME_SIGNATURE), "ReccoBeats has no time signature: it stays missing");
            for (Feature feature : FeatureSchema.FEATURES) {
                if (feature != Feature.TIME_SIGNATURE) {
                    assertEquals(want.get(feature), f.get(feature), feature.key());
                }
            }
        }
    }

    @Test
    void aReccoBeatsOutageLeavesTheSongsListedWithTheReasonAndStoresTheRest() {
        OutsideServices.reccoBeats.alwaysRateLimited(600);
        String csv = "Track URI,Track Name,Danceability,Energy,Key,Loudness,Mode,Speechiness,Acousticness,Instrumentalness,Liveness,Valence,"
                + "Tempo,Duration (ms),Time Signature\n"
                + "spotify:track:Ro00000000000000000001,Has features,0.5,0.5,1,-6,1,0.05,0.2,0,0.1,0.5,120,200000,4\n"
                + "spotify:track:Ro00000000000000000002,Has none,,,,,,,,,,,,201000,\n";
        JsonPath report = Csv.importPlaylist("ReccoBeats Outage", csv).statusCode(201).extract().jsonPath();
        assertEquals(1, report.getInt("songs"));
        assertEquals(1, report.getInt("skipped"));
        assertTrue(report.getString("skippedSongs[0].reason").contains("import the playlist again later"), report.getString("skippedSongs[0].reason"));
        assertTrue(report.getList("notes").toString().contains("asks to wait 600 s"), report.getList("notes").toString());
    }
}
