package dev.vibe.common.csv;

import dev.vibe.common.schema.Feature;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SongCsvTest {

    static final String HEADER = "Track URI,Track Name,Artist Name(s),Danceability,Energy,Key,Loudness,Mode,Speechiness,Acousticness,"
            + "Instrumentalness,Liveness,Valence,Tempo,Duration (ms),Time Signature\n";
    static final String ROW = "spotify:track:40DGtj95w54IDSbA7BWn3o,\"Olivia, live\",A;B,0.629,0.551,7,-9.44,1,0.0321,0.685,0.0000288,0.0889,0.698,81.995,233693,4\n";

    static SongCsv.Result read(String csv) {
        return SongCsv.read(new StringReader(csv));
    }

    @Test
    void readsEveryRealExportifyFileAndSkipsOnlyTheRowWithoutAnId() throws IOException {
        int songs = 0;
        int skipped = 0;
        Set<String> distinct = new HashSet<>();
        try (Stream<Path> files = Files.list(TestData.path("exportify"))) {
            for (Path f : files.sorted().toList()) {
                SongCsv.Result r = SongCsv.read(Files.newBufferedReader(f, StandardCharsets.UTF_8));
                assertTrue(r.ok(), f + ": " + r.problems());
                assertEquals(Set.of(Feature.values()), r.featureColumns(), f.toString());
                assertTrue(r.songs().stream().allMatch(SongCsv.Song::hasFeatures), f.toString());
                songs += r.songs().size();
                skipped += r.skipped().size();
                r.songs().forEach(s -> distinct.add(s.trackId()));
            }
        }
        // expectations counted independently (Python's csv module) from the same 19 files
        assertEquals(1907, songs);
        assertEquals(1, skipped);
        assertEquals(1433, distinct.size());
    }

    @Test
    void readsTheOlderExportifyFormatWithBareIdsAndTabsInTheHeader() throws IOException {
        SongCsv.Result older = SongCsv.read(Files.newBufferedReader(TestData.path("fixtures/exportify-older-format.csv")));
        SongCsv.Result current = SongCsv.read(Files.newBufferedReader(TestData.path("exportify/Acoustic.csv")));
        assertTrue(older.ok(), older.problems().toString());
        assertEquals(6, older.songs().size());
        for (int i = 0; i < 6; i++) {
            assertEquals(current.songs().get(i).trackId(), older.songs().get(i).trackId());
            assertEquals(current.songs().get(i).features(), older.songs().get(i).features());
            assertEquals(current.songs().get(i).name(), older.songs().get(i).name());
        }
    }

    @Test
    void readsACatalogueWithoutTimeSignatureAsMissingNotZero() throws IOException {
        SongCsv.Result r = SongCsv.read(Files.newBufferedReader(TestData.path("catalogue/tidytuesday-sample.csv")));
        assertTrue(r.ok(), r.problems().toString());
        assertEquals(1703, r.rows());
        assertFalse(r.featureColumns().contains(Feature.TIME_SIGNATURE));
        var first = r.songs().get(0);
        assertFalse(first.features().has(Feature.TIME_SIGNATURE));
        assertFalse(first.name().isBlank());
    }

    @Test
    void quotedCommasAndArtistsSeparatedBySemicolons() {
        SongCsv.Result r = read("\uFEFF" + HEADER + ROW);
        assertTrue(r.ok(), r.problems().toString());
        SongCsv.Song s = r.songs().get(0);
        assertEquals("40DGtj95w54IDSbA7BWn3o", s.trackId());
        assertEquals("Olivia, live", s.name());
        assertEquals(List.of("A", "B"), s.artists());
        assertEquals(81.995, s.features().get(Feature.TEMPO));
    }

    @Test
    void rowWithAllFeatureCellsEmptyHasNoFeaturesButPartialRowsAreProblems() {
        String noFeatures = "spotify:track:1b3UY0WcVkxQvPDGo7T36s,Gone,X,,,,,,,,,,,,,\n";
        String partial = "spotify:track:2b3UY0WcVkxQvPDGo7T36s,Half,X,0.5,,7,-9.44,1,0.0321,0.685,0.0000288,0.0889,0.698,81.995,233693,4\n";
        SongCsv.Result r = read(HEADER + noFeatures + partial);
        assertNull(r.songs().get(0).features());
        assertEquals(List.of(new SongCsv.Problem(3, "energy", "is empty while the row's other features are present")), r.problems());
    }

    @Test
    void badValuesAreNamedByLineAndField() {
        String nan = ROW.replace("81.995", "NaN");
        String negativeTempo = ROW.replace("81.995", "-3");
        String text = ROW.replace("0.629", "high");
        SongCsv.Result r = read(HEADER + nan + negativeTempo + text);
        assertEquals(3, r.problems().size(), r.problems().toString());
        assertEquals(new SongCsv.Problem(2, "tempo", "'NaN' is not a number"), r.problems().get(0));
        assertEquals(new SongCsv.Problem(3, "tempo", "tempo must be between 0 and 400, got -3"), r.problems().get(1));
        assertEquals(new SongCsv.Problem(4, "danceability", "'high' is not a number"), r.problems().get(2));
        assertTrue(r.songs().isEmpty());
    }

    @Test
    void structuralProblemsSayWhatToDo() {
        assertTrue(read("").problems().get(0).message().contains("empty"));
        assertTrue(read("Track URI,Track Name\nspotify:track:40DGtj95w54IDSbA7BWn3o,x\n").problems().get(0).message()
                .contains("none of the 13 audio feature columns"));
        assertTrue(read(HEADER.replace(',', ';') + ROW.replace(',', ';')).problems().get(0).message().contains("separated by ';'"));
        assertTrue(read(HEADER.replace("Track URI", "Song")).problems().get(0).message().contains("no track id column"));
        assertTrue(read(HEADER.replace(",Tempo", "")).problems().get(0).message().contains("missing from the header: tempo"));

        SongCsv.Result truncated = read(HEADER + ROW + "spotify:track:40DGtj95w54IDSbA7BWn3o,\"Unfinished");
        assertEquals(3, truncated.problems().get(0).line());
        assertTrue(truncated.problems().get(0).message().contains("never closed"), truncated.problems().toString());

        SongCsv.Result extraField = read(HEADER + ROW.replace("\n", ",extra\n"));
        assertTrue(extraField.problems().get(0).message().contains("has 17 fields but the header has 16"));

        SongCsv.Result badId = read(HEADER + ROW.replace("spotify:track:40DGtj95w54IDSbA7BWn3o", "not-an-id"));
        assertEquals("Track URI", badId.problems().get(0).field());
    }

    @Test
    void localFilesAndEpisodesAreSkippedWithAReason() {
        SongCsv.Result r = read(HEADER + ROW.replace("spotify:track:40DGtj95w54IDSbA7BWn3o", "spotify:local:Artist:Album:Song:200")
                + ROW.replace("spotify:track:", "spotify:episode:"));
        assertTrue(r.ok());
        assertEquals(2, r.skipped().size());
        assertTrue(r.skipped().get(0).reason().contains("local file"));
        assertTrue(r.skipped().get(1).reason().contains("episode"));
    }

    @Test
    void spotifyPlaylistReferencesInEveryForm() {
        assertEquals("37i9dQZF1DXcBWIGoYBM5M", SpotifyIds.playlistId("spotify:playlist:37i9dQZF1DXcBWIGoYBM5M"));
        assertEquals("37i9dQZF1DXcBWIGoYBM5M", SpotifyIds.playlistId("https://open.spotify.com/playlist/37i9dQZF1DXcBWIGoYBM5M?si=abc"));
        assertEquals("37i9dQZF1DXcBWIGoYBM5M", SpotifyIds.playlistId(" 37i9dQZF1DXcBWIGoYBM5M "));
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class, () -> SpotifyIds.playlistId("spotify:track:40DGtj95w54IDSbA7BWn3o"));
        assertTrue(e.getMessage().contains("spotify:playlist:ID"));
    }
}
