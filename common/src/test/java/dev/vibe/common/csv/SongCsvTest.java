package dev.vibe.common.csv;

import dev.vibe.common.csv.SongCsv.Layout;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.common.schema.Feature;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SongCsvTest {

    static final String HEADER = "Track URI,Track Name,Artist Name(s),Danceability,Energy,Key,Loudness,Mode,Speechiness,Acousticness,"
            + "Instrumentalness,Liveness,Valence,Tempo,Duration (ms),Time Signature\n";
    static final String ROW = "spotify:track:40DGtj95w54IDSbA7BWn3o,\"Olivia, live\",A;B,0.629,0.551,7,-9.44,1,0.0321,0.685,0.0000288,0.0889,0.698,81.995,233693,4\n";

    static SongCsv.Result read(String csv) {
        return SongCsv.read(csv);
    }

    static SongCsv.Result fixture(String name) throws IOException {
        return SongCsv.read(Files.readString(TestData.path("fixtures/" + name), StandardCharsets.UTF_8));
    }

    @Test
    void readsEveryRealExportifyFileAndSkipsOnlyTheDeadRow() throws IOException {
        int songs = 0;
        List<SongCsv.Skipped> skipped = new java.util.ArrayList<>();
        Set<String> distinct = new HashSet<>();
        try (Stream<Path> files = Files.list(TestData.path("exportify"))) {
            for (Path f : files.sorted().toList()) {
                SongCsv.Result r = SongCsv.read(Files.newBufferedReader(f, StandardCharsets.UTF_8));
                assertTrue(r.ok(), f + ": " + r.refusal());
                assertEquals(Layout.EXPORTIFY_2025, r.layout(), f.toString());
                assertEquals(Set.of(Feature.values()), r.featureColumns(), f.toString());
                assertTrue(r.songs().stream().allMatch(s -> s.completeFeatures().isPresent()), f.toString());
                songs += r.songs().size();
                skipped.addAll(r.skipped());
                r.songs().forEach(s -> distinct.add(s.trackId()));
            }
        }
        // expectations counted independently (Python's csv module) from the same 19 files
        assertEquals(1907, songs);
        assertEquals(1433, distinct.size());
        // Running_Playlist line 52: no id, "undefined" names, no features
        assertEquals(1, skipped.size(), skipped.toString());
        assertEquals(52, skipped.get(0).line());
        assertTrue(skipped.get(0).reason().contains("no track id"), skipped.get(0).reason());
    }

    /** The same seven real songs written in every layout exporters used; the 2025 export is the reference. */
    @Test
    void everyExporterLayoutReadsTheSameSongs() throws IOException {
        SongCsv.Result reference = fixture("exportify-2025-04.csv");
        assertTrue(reference.ok(), String.valueOf(reference.refusal()));
        assertEquals(7, reference.songs().size());
        assertTrue(reference.skipped().isEmpty(), reference.skipped().toString());
        record Expect(String file, Layout layout) {
        }
        for (Expect e : List.of(new Expect("exportify-2019.csv", Layout.EXPORTIFY_2019), new Expect("exportify-2024-12.csv", Layout.EXPORTIFY_2024_12),
                new Expect("exportify-2025-05.csv", Layout.EXPORTIFY_2025), new Expect("watsonbox-features.csv", Layout.WATSONBOX))) {
            SongCsv.Result r = fixture(e.file());
            assertTrue(r.ok(), e.file() + ": " + r.refusal());
            assertEquals(e.layout(), r.layout(), e.file());
            assertTrue(r.skipped().isEmpty(), e.file() + ": " + r.skipped());
            assertFalse(r.idsDerived());
            for (int i = 0; i < 7; i++) {
                SongCsv.Song want = reference.songs().get(i);
                SongCsv.Song got = r.songs().get(i);
                assertEquals(want.trackId(), got.trackId(), e.file());
                assertEquals(want.name(), got.name(), e.file());
                assertEquals(want.artists(), got.artists(), e.file());
                assertEquals(want.album(), got.album(), e.file());
                assertEquals(want.values(), got.values(), e.file() + " line " + got.line());
            }
        }
    }

    @Test
    void quotesThatOlderExportsDidNotDoubleAreReadAsText() throws IOException {
        for (String file : List.of("exportify-2019.csv", "exportify-2024-12.csv")) {
            SongCsv.Result r = fixture(file);
            SongCsv.Song shame = r.songs().get(5);
            assertEquals("Shame", shame.name(), file);
            assertEquals(List.of("Evelyn \"Champagne\" King"), shame.artists(), file);
            assertEquals("Carry On (from the Original Motion Picture \"POKÉMON Detective Pikachu\")", r.songs().get(6).name(), file);
        }
        SongCsv.Result theme = read(HEADER + ROW.replace("\"Olivia, live\"", "\"Theme from \"Shaft\"\""));
        assertEquals("Theme from \"Shaft\"", theme.songs().get(0).name());
        // a file that does double its quotes is read by RFC 4180, comma and all
        SongCsv.Result doubled = read(HEADER + ROW.replace("\"Olivia, live\"", "\"Say \"\"hi\"\", then go\""));
        assertEquals("Say \"hi\", then go", doubled.songs().get(0).name());
    }

    @Test
    void aLayoutWithoutTrackIdsKeepsItsSongsUnderStableDerivedIds() throws IOException {
        SongCsv.Result r = fixture("exportify-2024-09.csv");
        SongCsv.Result reference = fixture("exportify-2025-04.csv");
        assertTrue(r.ok(), String.valueOf(r.refusal()));
        assertEquals(Layout.EXPORTIFY_2024_09, r.layout());
        assertTrue(r.idsDerived());
        assertEquals(7, r.songs().size());
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < 7; i++) {
            SongCsv.Song s = r.songs().get(i);
            assertTrue(s.derivedId());
            assertTrue(s.trackId().startsWith("derived-"), s.trackId());
            assertFalse(SpotifyIds.isId(s.trackId()), "a derived id must never pass for a Spotify id");
            assertEquals(SongCsv.derivedId(s.name(), s.artists(), s.album()), s.trackId());
            assertEquals(reference.songs().get(i).values(), s.values());
            ids.add(s.trackId());
        }
        assertEquals(7, ids.size());
        // stable across case, spacing and the exporter's artist separator; different for another album
        assertEquals(SongCsv.derivedId("Shame", List.of("Evelyn \"Champagne\" King"), "Legends"),
                SongCsv.derivedId(" shame ", List.of("Evelyn  \"Champagne\" KING"), "legends"));
        assertEquals(SongCsv.derivedId("Song", List.of("A", "B"), "X"), SongCsv.derivedId("Song", SongCsv.splitArtists("A, B"), "X"));
        assertNotEquals(SongCsv.derivedId("Shame", List.of("Evelyn \"Champagne\" King"), "Legends"),
                SongCsv.derivedId("Shame", List.of("Evelyn \"Champagne\" King"), "Smooth Talk"));
    }

    @Test
    void watsonboxWithoutFeatureColumnsCarriesTheDurationOnly() throws IOException {
        SongCsv.Result r = fixture("watsonbox.csv");
        SongCsv.Result reference = fixture("exportify-2025-04.csv");
        assertTrue(r.ok(), String.valueOf(r.refusal()));
        assertEquals(Layout.WATSONBOX, r.layout());
        assertEquals(Set.of(Feature.DURATION_MS), r.featureColumns());
        for (int i = 0; i < 7; i++) {
            SongCsv.Song s = r.songs().get(i);
            assertEquals(reference.songs().get(i).trackId(), s.trackId());
            assertEquals(reference.songs().get(i).values().get(Feature.DURATION_MS), s.values().get(Feature.DURATION_MS));
            assertTrue(s.completeFeatures().isEmpty());
            assertFalse(s.values().has(Feature.TEMPO));
        }
        assertEquals(List.of("Rayland Baxter"), r.songs().get(0).artists());
    }

    @Test
    void badRowsAreSkippedWithLineFieldAndReasonAndTheRestIsRead() throws IOException {
        SongCsv.Result r = fixture("exportify-messy-rows.csv");
        assertTrue(r.ok(), String.valueOf(r.refusal()));
        assertEquals(31, r.rows());
        assertEquals(24, r.songs().size());
        List<SongCsv.Skipped> s = r.skipped();
        assertEquals(List.of(5, 9, 13, 17, 21, 25, 28), s.stream().map(SongCsv.Skipped::line).toList(), s.toString());
        assertEquals("danceability", s.get(0).field());
        assertEquals("'NaN' is not a number", s.get(0).reason());
        assertEquals("Matches", s.get(0).name());
        assertEquals("tempo", s.get(1).field());
        assertEquals("tempo must be between 0 and 400, got -5", s.get(1).reason());
        assertEquals("energy", s.get(2).field());
        assertEquals("key", s.get(3).field());
        assertEquals("key must be a whole number, got 5.5", s.get(3).reason());
        assertNull(s.get(4).field());
        assertTrue(s.get(4).reason().contains("has 22 fields but the header has 24"), s.get(4).reason());
        assertTrue(s.get(5).reason().contains("has 25 fields"), s.get(5).reason());
        assertTrue(s.get(6).reason().contains("local file"));
        assertEquals("Garage Take", s.get(6).name());
        assertTrue(r.songs().stream().allMatch(x -> x.completeFeatures().isPresent()));
    }

    @Test
    void aRowWithAllFeatureCellsEmptyIsASongWhoseFeaturesMustBeFound() {
        String noFeatures = "spotify:track:1b3UY0WcVkxQvPDGo7T36s,Gone,X,,,,,,,,,,,,,\n";
        String partial = "spotify:track:2b3UY0WcVkxQvPDGo7T36s,Half,X,0.5,,7,-9.44,1,0.0321,0.685,0.0000288,0.0889,0.698,81.995,233693,4\n";
        SongCsv.Result r = read(HEADER + noFeatures + partial);
        assertTrue(r.ok());
        assertTrue(r.songs().get(0).values().isEmpty());
        assertEquals(Set.of(Feature.ENERGY), r.songs().get(1).values().missingRequired());
        assertTrue(r.skipped().isEmpty());
    }

    @Test
    void aBrokenQuoteCostsItsOwnLineOnly() {
        String broken = "spotify:track:1b3UY0WcVkxQvPDGo7T36s,\"Unfinished,A,0.629,0.551,7,-9.44,1,0.0321,0.685,0.0000288,0.0889,0.698,81.995,233693,4\n";
        SongCsv.Result r = read(HEADER + ROW + broken + ROW.replace("40DGtj95w54IDSbA7BWn3o", "2b3UY0WcVkxQvPDGo7T36s"));
        assertTrue(r.ok());
        assertEquals(2, r.songs().size());
        assertEquals(List.of(3), r.skipped().stream().map(SongCsv.Skipped::line).toList());
        assertTrue(r.skipped().get(0).reason().contains("never closed"), r.skipped().toString());
        assertEquals(4, r.songs().get(1).line());

        SongCsv.Result truncated = read(HEADER + ROW + "spotify:track:40DGtj95w54IDSbA7BWn3o,\"Unfinished");
        assertEquals(1, truncated.songs().size());
        assertEquals(3, truncated.skipped().get(0).line());
    }

    @Test
    void aBadIdNamesItsColumn() {
        SongCsv.Result r = read(HEADER + ROW + ROW.replace("spotify:track:40DGtj95w54IDSbA7BWn3o", "not-an-id"));
        assertEquals(1, r.songs().size());
        assertEquals("Track URI", r.skipped().get(0).field());
        assertTrue(r.skipped().get(0).reason().contains("'not-an-id' is not a Spotify track id"));
    }

    @Test
    void aFileIsRefusedOnlyWhenItIsNotAPlaylistExport() {
        assertTrue(read("").refusal().message().contains("empty"));
        assertTrue(read(HEADER.replace(',', ';') + ROW.replace(',', ';')).refusal().message().contains("separated by ';'"));
        assertTrue(read(HEADER.replace(',', '\t') + ROW.replace(',', '\t')).refusal().message().contains("separated by 'TAB'"));
        assertTrue(read("\u0000\u0001PK\u0003\u0004,x\n1,2\n").refusal().message().contains("binary"));
        assertTrue(read("when,where\n1,2\n").refusal().message().contains("no header column we know"));
        assertTrue(read(HEADER).refusal().message().contains("no songs"));
        SongCsv.Result allBad = read(HEADER + ROW.replace("81.995", "fast") + ROW.replace("0.629", "NaN"));
        assertTrue(allBad.refusal().message().contains("none of its 2 rows"), allBad.refusal().message());
        assertEquals(2, allBad.refusal().details().size());
        // a header with ids but no feature columns is an export whose features are found elsewhere, not an error
        SongCsv.Result idsOnly = read("Track URI,Track Name\nspotify:track:40DGtj95w54IDSbA7BWn3o,x\n");
        assertTrue(idsOnly.ok());
        assertTrue(idsOnly.songs().get(0).values().isEmpty());
    }

    @Test
    void localFilesAndEpisodesAreSkippedWithAReason() {
        SongCsv.Result r = read(HEADER + ROW + ROW.replace("spotify:track:40DGtj95w54IDSbA7BWn3o", "spotify:local:Artist:Album:Song:200")
                + ROW.replace("spotify:track:", "spotify:episode:"));
        assertTrue(r.ok());
        assertEquals(2, r.skipped().size());
        assertTrue(r.skipped().get(0).reason().contains("local file"));
        assertTrue(r.skipped().get(1).reason().contains("episode"));
    }

    @Test
    void readsACatalogueWithoutTimeSignatureAsMissingNotZero() throws IOException {
        SongCsv.Result r = SongCsv.read(Files.newBufferedReader(TestData.path("catalogue/tidytuesday-sample.csv")));
        assertTrue(r.ok(), String.valueOf(r.refusal()));
        assertEquals(Layout.TRACK_IDS, r.layout());
        assertEquals(1703, r.rows());
        assertFalse(r.featureColumns().contains(Feature.TIME_SIGNATURE));
        AudioFeatures first = r.songs().get(0).completeFeatures().orElseThrow();
        assertFalse(first.has(Feature.TIME_SIGNATURE));
        assertFalse(r.songs().get(0).name().isBlank());
    }

    @Test
    void quotedCommasAndArtistsSeparatedBySemicolons() {
        SongCsv.Result r = read("\uFEFF" + HEADER + ROW);
        SongCsv.Song s = r.songs().get(0);
        assertEquals("40DGtj95w54IDSbA7BWn3o", s.trackId());
        assertEquals("Olivia, live", s.name());
        assertEquals(List.of("A", "B"), s.artists());
        assertEquals(81.995, s.values().get(Feature.TEMPO));
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
