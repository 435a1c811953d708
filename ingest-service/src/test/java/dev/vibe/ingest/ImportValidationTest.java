package dev.vibe.ingest;

import dev.vibe.stack.test.VibeStackTestResource;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.path.json.JsonPath;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasItem;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bad imports are answered 400/413 problem+json naming what is wrong, and change nothing already stored. */
@Tag("stack")
@QuarkusTest
@QuarkusTestResource(VibeStackTestResource.class)
@QuarkusTestResource(OutsideServices.class)
class ImportValidationTest {

    static final String NAME = "Validation Acoustic";
    static final String ID = "validation-acoustic";
    String good;
    String before;

    @BeforeEach
    void storeAGoodPlaylist() {
        good = Csv.read("exportify/Acoustic.csv");
        Csv.importPlaylist(NAME, good);
        before = given().get("/api/v1/playlists/{id}", ID).then().statusCode(200).extract().asString();
    }

    void assertNothingChanged() {
        assertEquals(before, given().get("/api/v1/playlists/{id}", ID).then().statusCode(200).extract().asString());
    }

    String[] lines() {
        return good.split("\n");
    }

    @Test
    void outOfRangeFeaturesSkipTheirRowNamingLineAndFieldAndTheRestIsImported() {
        String[] l = lines();
        l[3] = l[3].replaceFirst(",(\\d+\\.\\d+),4$", ",-12.5,4");   // tempo < 0 on line 4
        l[5] = l[5].replaceFirst("^(spotify:track:\\w+,\"[^\"]*\",\"[^\"]*\",\"[^\"]*\",[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,[^,]*,\"[^\"]*\",\"[^\"]*\",)[^,]+", "$1NaN");
        JsonPath report = Csv.importPlaylist("Validation Two Bad Rows", String.join("\n", l)).statusCode(201).extract().jsonPath();
        assertEquals(lines().length - 3, report.getInt("songs"));
        assertEquals(List.of(4, 6), report.getList("skippedSongs.line"));
        assertEquals(List.of("tempo", "danceability"), report.getList("skippedSongs.field"));
        assertEquals(List.of("tempo must be between 0 and 400, got -12.5", "'NaN' is not a number"), report.getList("skippedSongs.reason"));
        assertFalse(report.getString("skippedSongs[0].name").isBlank(), "the song's name is listed");
        assertNothingChanged();
    }

    @Test
    void aTruncatedLastRowCostsThatRowOnly() {
        String truncated = lines()[0] + "\n" + lines()[1] + "\nspotify:track:40DGtj95w54IDSbA7BWn3o,\"Unfinished name";
        JsonPath report = Csv.importPlaylist("Validation Truncated", truncated).statusCode(201).extract().jsonPath();
        assertEquals(1, report.getInt("songs"));
        assertEquals(3, report.getInt("skippedSongs[0].line"));
        assertTrue(report.getString("skippedSongs[0].reason").contains("never closed"), report.getString("skippedSongs[0].reason"));
        assertNothingChanged();
    }

    @Test
    void anExportWithoutFeatureColumnsTakesTheFeaturesVibeAlreadyHas() {
        StringBuilder noFeatures = new StringBuilder("Track URI,Track Name\n");
        for (var song : dev.vibe.common.csv.SongCsv.read(good).songs()) {
            noFeatures.append("spotify:track:").append(song.trackId()).append(",\"").append(song.name().replace("\"", "\"\"")).append("\"\n");
        }
        JsonPath report = Csv.importPlaylist("Validation Ids Only", noFeatures.toString()).statusCode(201).extract().jsonPath();
        assertEquals(lines().length - 1, report.getInt("songs"));
        assertEquals(lines().length - 1, report.getInt("featureSources.stored"));
        assertEquals(0, report.getInt("skipped"));
        assertNothingChanged();
    }

    @Test
    void aFileThatIsNotAPlaylistExportIsRefusedAndSaysWhy() {
        Csv.importPlaylist(NAME, "when,where,who\n1,2,3\n").statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("no header column we know"))
                .body("detail", containsString("exportify"));
        assertNothingChanged();
    }

    @Test
    void emptyPlaylistIsRejected() {
        Csv.importPlaylist(NAME, lines()[0] + "\n").statusCode(400).contentType("application/problem+json")
                .body("detail", containsString("no songs"));
        given().contentType("text/csv").queryParam("name", NAME).body(new byte[0]).post("/api/v1/playlists/exportify")
                .then().statusCode(400).body("detail", containsString("no body"));
        assertNothingChanged();
    }

    @Test
    void wrongDelimiterMissingNameAndWrongContentType() {
        Csv.importPlaylist(NAME, good.replace(',', ';')).statusCode(400).body("errors[0].message", containsString("separated by ';'"));
        given().contentType("text/csv").body(good.getBytes(StandardCharsets.UTF_8)).post("/api/v1/playlists/exportify")
                .then().statusCode(400).contentType("application/problem+json").body("errors[0].field", equalTo("name"));
        given().contentType("application/json").queryParam("name", NAME).body("{}").post("/api/v1/playlists/exportify")
                .then().statusCode(415).contentType("application/problem+json");
        assertNothingChanged();
    }

    @Test
    void bodyOverTheLimitIs413() {
        byte[] big = new byte[5 * 1024 * 1024 + 10];
        Arrays.fill(big, (byte) 'a');
        given().contentType("text/csv").queryParam("name", NAME).body(big).post("/api/v1/playlists/exportify")
                .then().statusCode(413).contentType("application/problem+json").body("detail", containsString("larger than"));
        assertNothingChanged();
    }

    @Test
    void invalidUtf8IsRejected() {
        byte[] latin1 = good.replace("Olivia", "Olívia").getBytes(StandardCharsets.ISO_8859_1);
        given().contentType("text/csv").queryParam("name", NAME).body(latin1).post("/api/v1/playlists/exportify")
                .then().statusCode(400).body("detail", containsString("UTF-8"));
        assertNothingChanged();
    }

    @Test
    void unknownPlaylistAndTrackAre404() {
        JsonPath p = given().get("/api/v1/playlists/no-such-playlist").then().statusCode(404).contentType("application/problem+json").extract().jsonPath();
        assertEquals("/api/v1/playlists/no-such-playlist", p.getString("instance"));
        given().get("/api/v1/tracks/0000000000000000000000").then().statusCode(404).contentType("application/problem+json");
    }
}
