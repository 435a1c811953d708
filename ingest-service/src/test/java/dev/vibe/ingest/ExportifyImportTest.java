package dev.vibe.ingest;

import dev.vibe.common.csv.SongCsv;
import dev.vibe.common.events.FeatureRecord;
import dev.vibe.common.events.Topics;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.ingest.service.TrackService;
import dev.vibe.stack.test.VibeStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

@Tag("stack")
@QuarkusTest
@QuarkusTestResource(VibeStackTestResource.class)
@QuarkusTestResource(OutsideServices.class)
class ExportifyImportTest {

    @Inject
    TrackService tracks;

    @Test
    void allNineteenRealPlaylistsStoreEverySongWithFeaturesAndSkipExactlyTheOthers() throws IOException {
        Map<String, AudioFeatures> expected = new HashMap<>();
        int skippedTotal = 0;
        List<Path> files;
        try (var list = Files.list(Csv.data("exportify"))) {
            files = list.sorted().toList();
        }
        assertEquals(19, files.size());
        for (Path f : files) {
            String name = "real " + f.getFileName().toString().replace(".csv", "");
            String csv = Files.readString(f);
            SongCsv.Result parsed = SongCsv.read(new StringReader(csv));
            parsed.songs().forEach(s -> expected.put(s.trackId(), s.features()));
            int distinct = (int) parsed.songs().stream().map(SongCsv.Song::trackId).distinct().count();

            JsonPath report = Csv.importPlaylist(name, csv).statusCode(201).extract().jsonPath();
            assertEquals(distinct, report.getInt("songs"), name);
            assertEquals(distinct, report.getInt("stored") + report.getInt("updated") + report.getInt("alreadyKnown"), name);
            assertEquals(parsed.skipped().size(), report.getInt("skipped"), name);
            skippedTotal += report.getInt("skipped");

            given().get("/api/v1/playlists/{id}", report.getString("playlistId")).then().statusCode(200)
                    .body("songs.size()", equalTo(distinct)).body("name", equalTo(name));
        }
        assertEquals(1, skippedTotal, "exactly the row of Running_Playlist without a track id");
        assertEquals(1433, expected.size());
        for (var e : expected.entrySet()) {
            var stored = tracks.find(e.getKey()).orElseThrow(() -> new AssertionError("not stored: " + e.getKey()));
            assertEquals(e.getValue(), AudioFeatures.fromMap(stored.features), e.getKey());
        }
    }

    @Test
    void skippedRowIsReportedWithItsLineAndReason() {
        JsonPath report = Csv.importPlaylist("skip report", Csv.read("exportify/Running_Playlist.csv")).statusCode(201).extract().jsonPath();
        assertEquals(1, report.getInt("skipped"));
        assertTrue(report.getString("skippedSongs[0].reason").startsWith("no track id"), report.getString("skippedSongs[0].reason"));
        assertEquals(52, report.getInt("skippedSongs[0].line"));
    }

    @Test
    void identicalReimportChangesNothingAndAChangedOneReplacesTheMembership() {
        String csv = Csv.read("exportify/Country.csv");
        JsonPath first = Csv.importPlaylist("Reimport Country", csv).statusCode(201).extract().jsonPath();
        int songs = first.getInt("songs");
        List<String> ids = given().get("/api/v1/playlists/reimport-country").then().extract().jsonPath().getList("songs.id");
        Map<String, Long> versions = ids.stream().collect(Collectors.toMap(id -> id, id -> tracks.find(id).orElseThrow().version));

        JsonPath again = Csv.importPlaylist("Reimport Country", csv).statusCode(200).extract().jsonPath();
        assertEquals(false, again.getBoolean("membershipChanged"));
        assertEquals(first.getInt("revision"), again.getInt("revision"));
        assertEquals(songs, again.getInt("alreadyKnown"));
        assertEquals(0, again.getInt("stored") + again.getInt("updated"));
        ids.forEach(id -> assertEquals(versions.get(id), tracks.find(id).orElseThrow().version, "version bumped without change: " + id));

        // drop the last two rows: the playlist now has two songs fewer, in a new revision
        List<String> lines = csv.lines().toList();
        String shorter = String.join("\n", lines.subList(0, lines.size() - 2)) + "\n";
        JsonPath changed = Csv.importPlaylist("Reimport Country", shorter).statusCode(200).extract().jsonPath();
        assertEquals(true, changed.getBoolean("membershipChanged"));
        assertEquals(first.getInt("revision") + 1, changed.getInt("revision"));
        List<String> now = given().get("/api/v1/playlists/reimport-country").then().extract().jsonPath().getList("songs.id");
        assertEquals(ids.subList(0, ids.size() - 2), now);
    }

    @Test
    void eachStoredTrackIsPublishedWithItsFeatures() {
        String csv = Csv.read("exportify/Sad_Songs_by_Sad_Girls.csv");
        Csv.importPlaylist("Published Sad Songs", csv).statusCode(201);
        SongCsv.Result parsed = SongCsv.read(new StringReader(csv));
        Set<String> ids = parsed.songs().stream().map(SongCsv.Song::trackId).collect(Collectors.toSet());
        List<FeatureRecord> records = Kafka.read(Topics.FEATURES, FeatureRecord.class, r -> ids.contains(r.key()), ids.size(), Duration.ofSeconds(1));
        Map<String, FeatureRecord> byId = records.stream().collect(Collectors.toMap(FeatureRecord::trackId, r -> r, (a, b) -> a.version() >= b.version() ? a : b));
        assertEquals(ids, byId.keySet());
        parsed.songs().forEach(s -> assertEquals(s.features(), byId.get(s.trackId()).features()));
    }
}
