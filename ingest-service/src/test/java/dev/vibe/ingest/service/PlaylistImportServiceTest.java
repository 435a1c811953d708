package dev.vibe.ingest.service;

import dev.vibe.common.api.PlaylistSource;
import dev.vibe.common.events.FeatureSource;
import dev.vibe.common.problem.Problem;
import dev.vibe.common.problem.VibeException;
import dev.vibe.common.schema.Feature;
import dev.vibe.ingest.config.ImportConfig;
import dev.vibe.ingest.service.PlaylistImportService.ImportReport;
import dev.vibe.ingest.service.PlaylistImportService.Imported;
import dev.vibe.ingest.service.Songs.FakeSpotify;
import dev.vibe.ingest.service.Songs.TestClock;
import dev.vibe.ingest.service.TrackService.SongData;
import dev.vibe.ingest.service.TrackService.StoredFeatures;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static dev.vibe.ingest.service.Songs.features;
import static dev.vibe.ingest.service.Songs.id;
import static dev.vibe.ingest.service.Songs.only;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What an import decides before and after its songs are stored: the name and the body it accepts, the rows it skips
 * and lists, duplicates, and whether the playlist is new. Real {@link FeatureFinder} with its sources as maps, the
 * store as a recorder; no database, no broker.
 */
class PlaylistImportServiceTest {

    static final String HEADER = "Track URI,Track Name,Album Name,Artist Name(s),Release Date,Duration (ms),Popularity,Explicit,Added By,"
            + "Added At,Genres,Record Label,Danceability,Energy,Key,Loudness,Mode,Speechiness,Acousticness,Instrumentalness,Liveness,"
            + "Valence,Tempo,Time Signature";
    static final long LIMIT = 200_000;

    final Map<String, StoredFeatures> storedSongs = new HashMap<>();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    final RecordingStore store = new RecordingStore();
    Optional<FeatureFinder.SpotifyFeatures> appFeatures = Optional.empty();

    final PlaylistImportService importer = new PlaylistImportService(
            new FeatureFinder(ids -> only(storedSongs, ids), ids -> Map.of(), null, Duration.ofSeconds(5), meters, new TestClock()),
            store, () -> appFeatures, new Limits(), meters);

    /** The store as a recorder; it knows the playlists in {@code existing}. */
    static final class RecordingStore implements PlaylistImportService.Store {
        final List<String> existing = new ArrayList<>();
        String playlistId;
        String name;
        List<SongData> songs;
        int calls;

        @Override
        public PlaylistStore.Stored store(String playlistId, String name, PlaylistSource source, String sourceRef, List<SongData> songs) {
            calls++;
            this.playlistId = playlistId;
            this.name = name;
            this.songs = songs;
            boolean known = existing.contains(playlistId);
            return new PlaylistStore.Stored(!known, known ? 2 : 1, true, songs.size(), 0, 0);
        }
    }

    static final class Limits implements ImportConfig {
        @Override
        public long maxPlaylistBytes() {
            return LIMIT;
        }

        @Override
        public long maxCatalogueBytes() {
            return LIMIT;
        }
    }

    /** An Exportify (2025) row: track {@code n} with complete features, told apart by the tempo (any text). */
    static String row(int n, String tempo) {
        return "spotify:track:" + id(n) + ",\"Song " + n + "\",\"Album\",\"Artist\",2020-01-01,200000,50,false,user,2025-01-01T00:00:00Z,"
                + "\"pop\",\"Label\",0.5,0.6,5,-7.5,1,0.05,0.2,0,0.1,0.4," + tempo + ",4";
    }

    static String csv(String... rows) {
        return HEADER + "\n" + String.join("\n", rows) + "\n";
    }

    static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    ImportReport importCsv(String name, String csv) {
        return importer.importExport(name, body(csv)).report();
    }

    VibeException.InvalidInput refused(String name, InputStream body) {
        VibeException.InvalidInput e = assertThrows(VibeException.InvalidInput.class, () -> importer.importExport(name, body));
        assertEquals(0, store.calls, "a refused import stores nothing");
        return e;
    }

    @Test
    void aPlaylistWithoutANameIsRefusedBeforeItsBodyIsRead() throws Exception {
        for (String missing : new String[] {null, "", "   "}) {
            ByteArrayInputStream body = new ByteArrayInputStream(csv(row(1, "120")).getBytes(StandardCharsets.UTF_8));
            int size = body.available();
            VibeException.InvalidInput e = refused(missing, body);
            assertEquals("Give the playlist a name: ?name=My%20Playlist", e.getMessage());
            assertEquals(List.of(new Problem.FieldError("name", "is required")), e.errors());
            assertEquals(size, body.available(), "the body is not read");
        }
    }

    @Test
    void aNameThatCannotBeShownOrMadeIntoAnIdIsNamedAsTheField() {
        VibeException.InvalidInput control = refused("Road\u0000Trip", body(csv(row(1, "120"))));
        assertEquals(List.of(new Problem.FieldError("name", "contains control characters")), control.errors());

        VibeException.InvalidInput noLatin = refused("\u65e5\u672c", body(csv(row(1, "120"))));
        assertEquals("The playlist name '\u65e5\u672c' needs at least one letter or digit.", noLatin.getMessage());
        assertEquals(List.of(new Problem.FieldError("name", "must contain a letter or digit")), noLatin.errors());
    }

    @Test
    void theNameGivesThePlaylistItsIdAndIsStoredStripped() {
        ImportReport report = importCsv("  Road Trip: 2024!  ", csv(row(1, "120")));
        assertEquals("road-trip-2024", store.playlistId);
        assertEquals("Road Trip: 2024!", store.name);
        assertEquals("road-trip-2024", report.playlistId());
        assertEquals("Road Trip: 2024!", report.name());
        assertEquals("road-trip-2024", PlaylistImportService.slug("ROAD  trip -- 2024"));
        assertEquals(100, PlaylistImportService.slug("a".repeat(150)).length(), "ids are at most 100 characters");
    }

    @Test
    void theOutcomeSaysWhetherTheStoreHadThePlaylist() {
        Imported first = importer.importExport("Mine", body(csv(row(1, "120"))));
        assertTrue(first.newPlaylist());
        store.existing.add("mine");
        Imported again = importer.importExport("Mine", body(csv(row(1, "120"))));
        assertFalse(again.newPlaylist());
        assertEquals(2, again.report().revision());
    }

    @Test
    void aBodyThatIsEmptyTooLargeOrNotUtf8IsRefused() {
        assertEquals("The request has no body: send the playlist CSV as the request body (Content-Type: text/csv).",
                refused("P", body("")).getMessage());
        assertEquals("The playlist CSV is not UTF-8 text. Save it as UTF-8 CSV and send it again.",
                refused("P", new ByteArrayInputStream(csv(row(1, "120")).replace("Song", "S\u00f6ng").getBytes(StandardCharsets.ISO_8859_1)))
                        .getMessage());
        String tooLarge = csv(IntStream.range(0, 2000).mapToObj(i -> row(i, "120")).toArray(String[]::new));
        assertTrue(tooLarge.length() > LIMIT);
        VibeException.TooLarge e = assertThrows(VibeException.TooLarge.class, () -> importer.importExport("P", body(tooLarge)));
        assertTrue(e.getMessage().startsWith("The playlist CSV is larger than " + LIMIT + " bytes."), e.getMessage());
        assertEquals(0, store.calls);
    }

    @Test
    void aFileThatIsNotAnExportIsRefusedNamingItsLines() {
        VibeException.InvalidInput header = refused("P", body("when,where\n1,2\n"));
        assertTrue(header.getMessage().startsWith("This is not a playlist export Vibe can read: no header column we know"), header.getMessage());
        assertTrue(header.getMessage().endsWith(". Nothing was stored."), header.getMessage());
        assertEquals("line 1", header.errors().get(0).field());

        VibeException.InvalidInput semicolons = refused("P", body(csv(row(1, "120")).replace(',', ';')));
        assertTrue(semicolons.errors().get(0).message().contains("separated by ';'"), semicolons.errors().get(0).message());

        VibeException.InvalidInput allBad = refused("P", body(csv(row(1, "-5"), row(2, "NaN"))));
        assertEquals(List.of("line 2 tempo", "line 3 tempo"), allBad.errors().stream().map(Problem.FieldError::field).toList());
        assertEquals("'NaN' is not a number", allBad.errors().get(1).message());

        VibeException.InvalidInput empty = refused("P", body(HEADER + "\n"));
        assertTrue(empty.getMessage().contains("no songs"), empty.getMessage());
    }

    @Test
    void badRowsAreSkippedAndListedWithLineFieldAndReasonAndTheRestIsImported() {
        ImportReport report = importCsv("P", csv(row(1, "120"), row(2, "-5"), row(3, "130"), row(4, "loud")));
        assertEquals(2, report.songs());
        assertEquals(List.of(id(1), id(3)), store.songs.stream().map(SongData::id).toList());
        assertEquals(2, report.skipped());
        assertEquals(List.of(3, 5), report.skippedSongs().stream().map(SkippedSong::line).toList());
        assertEquals(List.of("tempo", "tempo"), report.skippedSongs().stream().map(SkippedSong::field).toList());
        assertTrue(report.skippedSongs().get(0).reason().startsWith("tempo must be between 0 and 400"), report.skippedSongs().get(0).reason());
        assertEquals("'loud' is not a number", report.skippedSongs().get(1).reason());
        assertEquals(List.of(id(2), id(4)), report.skippedSongs().stream().map(SkippedSong::trackId).toList());
        assertEquals(List.of("Song 2", "Song 4"), report.skippedSongs().stream().map(SkippedSong::name).toList());
    }

    @Test
    void aTrackListedTwiceIsStoredOnceAtItsFirstPositionAndCountedAsADuplicate() {
        ImportReport report = importCsv("P", csv(row(1, "120"), row(2, "121"), row(1, "199"), row(1, "198")));
        assertEquals(List.of(id(1), id(2)), store.songs.stream().map(SongData::id).toList());
        assertEquals(120.0, store.songs.get(0).features().get(Feature.TEMPO), "the first row of a track wins");
        assertEquals(2, report.songs());
        assertEquals(2, report.duplicates());
        assertEquals(0, report.skipped(), "a duplicate is not a skipped song");
    }

    @Test
    void skippedSongsAreListedInLineOrderWhicheverStepSkippedThem() {
        String noFeatures = "spotify:track:" + id(9) + ",\"No Features\",\"Album\",\"Artist\",2020-01-01,200000,50,false,user,"
                + "2025-01-01T00:00:00Z,\"pop\",\"Label\",,,,,,,,,,,,";
        ImportReport report = importCsv("P", csv(noFeatures, row(2, "-5"), row(3, "120")));
        assertEquals(List.of(2, 3), report.skippedSongs().stream().map(SkippedSong::line).toList());
        assertTrue(report.skippedSongs().get(0).reason().startsWith("no audio features"), report.skippedSongs().get(0).reason());
        assertEquals(List.of(id(3)), store.songs.stream().map(SongData::id).toList());
        assertEquals(1, report.notes().size(), "the listener learns that ReccoBeats was not asked");
    }

    @Test
    void everySkippedSongIsCountedButAtMost500AreListed() {
        List<String> rows = new ArrayList<>(IntStream.range(1, 502).mapToObj(n -> row(n, "-1")).toList());
        rows.add(row(999, "120"));
        ImportReport report = importCsv("P", csv(rows.toArray(String[]::new)));
        assertEquals(501, report.skipped());
        assertEquals(PlaylistImportService.MAX_LISTED, report.skippedSongs().size());
        assertEquals(2, report.skippedSongs().get(0).line());
        assertEquals(1, report.songs());
    }

    @Test
    void whenNoSongHasFeaturesNothingIsStoredAndTheRefusalSaysWhatTheSourcesSaid() {
        String idsOnly = "Track URI,Track Name\nspotify:track:" + id(1) + ",Lost Song\nspotify:track:" + id(2) + ",Other\n";
        VibeException.InvalidInput e = refused("Lost", body(idsOnly));
        assertTrue(e.getMessage().startsWith("No song of the playlist 'Lost' has audio features, and no source could give them; nothing was "
                + "stored. ReccoBeats is switched off"), e.getMessage());
        assertTrue(e.getMessage().endsWith("or load a feature catalogue (POST /api/v1/catalogue) first."), e.getMessage());
        assertEquals(new Problem.FieldError("line 2", "'Lost Song': no audio features: the export has none for it, Vibe has not stored it "
                + "and the catalogue does not have it"), e.errors().get(0));
        assertEquals(2, e.errors().size());
    }

    @Test
    void songsWithoutFeaturesInTheExportTakeThemFromTheSourcesAndKeepTheirSource() {
        storedSongs.put(id(1), new StoredFeatures(features(111), FeatureSource.CATALOGUE));
        FakeSpotify app = new FakeSpotify("service-app");
        app.known.put(id(2), features(122));
        appFeatures = Optional.of(app);
        String idsOnly = "Track URI,Track Name\nspotify:track:" + id(1) + ",One\nspotify:track:" + id(2) + ",Two\n";

        ImportReport report = importCsv("Ids", idsOnly);
        assertEquals(Map.of("export", 0, "stored", 1, "catalogue", 0, "spotify", 1, "reccobeats", 0), report.featureSources());
        assertEquals(List.of(FeatureSource.CATALOGUE, FeatureSource.SPOTIFY_API), store.songs.stream().map(SongData::source).toList());
        assertEquals("a CSV with track ids", report.layout());
        assertEquals(PlaylistSource.EXPORTIFY_CSV, report.source());
        assertEquals(2.0, meters.counter("vibe.import.songs", "source", "EXPORTIFY_CSV").count());
    }

    @Test
    void anExportWithoutTrackIdsKeepsItsSongsUnderDerivedIdsAndSaysSo() {
        String header = HEADER.substring(HEADER.indexOf(',') + 1);
        String rows = csv(row(1, "120"), row(2, "130")).lines().skip(1).map(r -> r.substring(r.indexOf(',') + 1))
                .collect(Collectors.joining("\n"));
        ImportReport report = importCsv("No Ids", header + "\n" + rows + "\n");
        assertTrue(report.idsDerived());
        assertEquals("exportify.net, September 2024 (no track id column)", report.layout());
        assertTrue(store.songs.stream().allMatch(s -> s.id().startsWith("derived-")), store.songs.toString());
        assertTrue(report.notes().get(0).startsWith("This export has no track id column (exportify.net, September 2024"), report.notes().get(0));
    }

    @Test
    void aSourceWithNoSongsIsRefusedNamingWhatItCouldNotUse() {
        VibeException.InvalidInput none = assertThrows(VibeException.InvalidInput.class, () -> importer.importSongs("p", "Empty",
                PlaylistSource.SPOTIFY_API, "spotify:playlist:p", null, false, List.of(), List.of(), List.of(), Optional.empty()));
        assertEquals("The playlist 'Empty' has no songs; nothing was stored. Export a playlist that has songs.", none.getMessage());

        SkippedSong local = new SkippedSong(null, 1, null, "", "Home Recording", "a local file: not on Spotify, so it has no audio features");
        VibeException.InvalidInput unusable = assertThrows(VibeException.InvalidInput.class, () -> importer.importSongs("p", "Locals",
                PlaylistSource.SPOTIFY_API, "spotify:playlist:p", null, false, List.of(), List.of(local), List.of(), Optional.empty()));
        assertEquals("The playlist 'Locals' has no songs Vibe can use; nothing was stored. Export a playlist that has songs.", unusable.getMessage());
        assertEquals(List.of(new Problem.FieldError("position 1", "'Home Recording': a local file: not on Spotify, so it has no audio features")),
                unusable.errors());
        assertEquals(0, store.calls);
    }
}
