package dev.vibe.ingest.service;

import dev.vibe.common.events.FeatureSource;
import dev.vibe.common.problem.VibeException;
import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureValues;
import dev.vibe.ingest.service.CatalogueService.CatalogueEntry;
import dev.vibe.ingest.service.FeatureFinder.Completed;
import dev.vibe.ingest.service.FeatureFinder.Found;
import dev.vibe.ingest.service.TrackService.StoredFeatures;
import dev.vibe.ingest.service.Songs.FakeReccoBeats;
import dev.vibe.ingest.service.Songs.FakeSpotify;
import dev.vibe.ingest.service.Songs.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.vibe.ingest.service.Songs.complete;
import static dev.vibe.ingest.service.Songs.duration;
import static dev.vibe.ingest.service.Songs.features;
import static dev.vibe.ingest.service.Songs.id;
import static dev.vibe.ingest.service.Songs.only;
import static dev.vibe.ingest.service.Songs.partial;
import static dev.vibe.ingest.service.Songs.reccoBeats;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Which source answers which song, in what order, and what a miss or a failed source leaves: no database, no network. */
class FeatureFinderTest {

    static final Duration BUDGET = Duration.ofSeconds(20);

    final Map<String, StoredFeatures> storedSongs = new HashMap<>();
    final Map<String, CatalogueEntry> catalogueRows = new HashMap<>();
    final List<List<String>> storedAsked = new ArrayList<>();
    final List<List<String>> catalogueAsked = new ArrayList<>();
    final FakeReccoBeats reccoBeats = new FakeReccoBeats();
    final TestClock clock = new TestClock();
    final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    FeatureFinder finder(boolean reccoBeatsOn) {
        return new FeatureFinder(ids -> {
            storedAsked.add(ids);
            return only(storedSongs, ids);
        }, ids -> {
            catalogueAsked.add(ids);
            return only(catalogueRows, ids);
        }, reccoBeatsOn ? reccoBeats : null, BUDGET, meters, clock);
    }

    static List<String> origins(Found found) {
        return found.songs().stream().map(Completed::origin).toList();
    }

    static List<String> ids(Found found) {
        return found.songs().stream().map(c -> c.song().id()).toList();
    }

    @Test
    void eachSongIsAnsweredByTheFirstSourceThatHasItAndEachSourceIsAskedOnlyForWhatIsStillOpen() {
        String export = id(1), stored = id(2), catalogue = id(3), spotify = id(4), recco = id(5);
        storedSongs.put(stored, new StoredFeatures(features(102), FeatureSource.EXPORTIFY_CSV));
        catalogueRows.put(stored, new CatalogueEntry("not this", "", "", features(399))); // stored wins over the catalogue
        catalogueRows.put(catalogue, new CatalogueEntry("C", "X", "Y", features(103)));
        FakeSpotify app = new FakeSpotify("app");
        app.known.put(catalogue, features(398)); // the catalogue wins over Spotify
        app.known.put(spotify, features(104));
        reccoBeats.known.put(spotify, reccoBeats(397)); // Spotify wins over ReccoBeats
        reccoBeats.known.put(recco, reccoBeats(105));

        List<IncomingSong> songs = List.of(partial(recco, duration(180_000)), complete(export, 101), partial(spotify, duration(1)),
                partial(catalogue, duration(1)), partial(stored, duration(1)));
        Found found = finder(true).complete(songs, Optional.of(app));

        assertEquals(List.of(recco, export, spotify, catalogue, stored), ids(found), "songs come back in input order");
        assertEquals(List.of("reccobeats", "export", "spotify", "catalogue", "stored"), origins(found));
        assertEquals(List.of(105.0, 101.0, 104.0, 103.0, 102.0), found.songs().stream().map(c -> c.features().get(Feature.TEMPO)).toList());
        assertEquals(List.of(FeatureSource.RECCOBEATS, FeatureSource.EXPORTIFY_CSV, FeatureSource.SPOTIFY_API, FeatureSource.CATALOGUE,
                FeatureSource.EXPORTIFY_CSV), found.songs().stream().map(Completed::source).toList());
        assertEquals(List.of(List.of(recco, spotify, catalogue, stored)), storedAsked, "a song with all its features is not looked up");
        assertEquals(List.of(List.of(recco, spotify, catalogue)), catalogueAsked);
        assertEquals(List.of(List.of(recco, spotify)), app.asked);
        assertEquals(List.of(recco), reccoBeats.asked);
        assertEquals(Map.of("export", 1, "stored", 1, "catalogue", 1, "spotify", 1, "reccobeats", 1), found.sources());
        assertEquals(List.of(), found.skipped());
        assertEquals(List.of(), found.notes());
        assertEquals(1.0, meters.counter("vibe.import.features", "source", "catalogue").count());
    }

    @Test
    void songsWithAllTheirFeaturesAskNoSourceAtAll() {
        Found found = finder(true).complete(List.of(complete(id(1), 100), complete(id(2), 120)), Optional.of(new FakeSpotify("app")));
        assertEquals(List.of("export", "export"), origins(found));
        assertEquals(List.of(), storedAsked);
        assertEquals(List.of(), catalogueAsked);
        assertNull(reccoBeats.asked);
        assertEquals(List.of("export", "stored", "catalogue", "spotify", "reccobeats"), List.copyOf(found.sources().keySet()),
                "every source is in the report, in the order they are asked");
        assertEquals(0, found.sources().get("stored"));
    }

    @Test
    void theCatalogueFillsABlankNameAndMissingArtistsButNeverReplacesTheSongsOwn() {
        String blank = id(1), named = id(2);
        catalogueRows.put(blank, new CatalogueEntry("Catalogue Name", "A; B", "Album", features(100)));
        catalogueRows.put(named, new CatalogueEntry("Other Name", "C", "Album", features(110)));
        IncomingSong noName = new IncomingSong(2, null, blank, false, "", List.of(), "", duration(1), FeatureSource.EXPORTIFY_CSV);
        Found found = finder(false).complete(List.of(noName, partial(named, duration(1))), Optional.empty());

        assertEquals("Catalogue Name", found.songs().get(0).name());
        assertEquals(List.of("A", "B"), found.songs().get(0).artists());
        assertEquals("Song " + named, found.songs().get(1).name());
        assertEquals(List.of("Artist"), found.songs().get(1).artists());
    }

    @Test
    void reccoBeatsFeaturesAreCompletedWithTheExportsDuration() {
        String withDuration = id(1), without = id(2);
        reccoBeats.known.put(withDuration, reccoBeats(100));
        reccoBeats.known.put(without, reccoBeats(110));
        Found found = finder(true).complete(List.of(partial(withDuration, duration(123_456)), partial(without, FeatureValues.none())),
                Optional.empty());

        assertEquals(List.of(withDuration), ids(found));
        assertEquals(123_456.0, found.songs().get(0).features().get(Feature.DURATION_MS));
        assertEquals(100.0, found.songs().get(0).features().get(Feature.TEMPO));
        assertTrue(Double.isNaN(found.songs().get(0).features().get(Feature.TIME_SIGNATURE)), "ReccoBeats has no time signature: missing, not 0");
        assertEquals(1, found.skipped().size());
        assertEquals(without, found.skipped().get(0).trackId());
        assertEquals("ReccoBeats has its features but not its duration, and the export has none", found.skipped().get(0).reason());
    }

    @Test
    void aSongNoSourceHasIsSkippedSayingWhichSourcesWereAsked() {
        String unknown = id(1), unusable = id(2);
        reccoBeats.unusable.put(unusable, "ReccoBeats' features of it are unusable: tempo must be between 0 and 400, got -1.0");
        Found found = finder(true).complete(List.of(partial(unknown, duration(1)), partial(unusable, duration(1))), Optional.empty());

        assertEquals(List.of(), found.songs());
        assertEquals(List.of(unknown, unusable), found.skipped().stream().map(SkippedSong::trackId).toList());
        assertEquals("no audio features: the export has none for it, Vibe has not stored it and the catalogue does not have it, "
                + "and ReccoBeats does not know it", found.skipped().get(0).reason());
        assertEquals("ReccoBeats' features of it are unusable: tempo must be between 0 and 400, got -1.0", found.skipped().get(1).reason());
        assertNull(found.skipped().get(0).field());
        assertEquals(1, found.skipped().get(0).line());
    }

    @Test
    void whenReccoBeatsCannotBeAskedTheSongsWaitForALaterImportAndTheListenerIsTold() {
        String a = id(1), b = id(2);
        reccoBeats.problem = "it answered HTTP 503";
        Found found = finder(true).complete(List.of(partial(a, duration(1)), partial(b, duration(1))), Optional.empty());

        assertEquals(List.of(), found.songs());
        assertEquals("no audio features yet: ReccoBeats could not be asked: it answered HTTP 503; import the playlist again later to fill it",
                found.skipped().get(0).reason());
        assertEquals(List.of("ReccoBeats could not be asked: it answered HTTP 503; 2 songs are left without features for now."), found.notes());
    }

    @Test
    void reccoBeatsGetsTheImportsTimeBudgetAsItsDeadline() {
        reccoBeats.known.put(id(1), reccoBeats(100));
        finder(true).complete(List.of(partial(id(1), duration(1))), Optional.empty());
        assertEquals(clock.instant().plus(BUDGET), reccoBeats.deadline);
    }

    @Test
    void withReccoBeatsSwitchedOffItIsNotAskedAndTheListenerIsToldWhy() {
        Found found = finder(false).complete(List.of(partial(id(1), duration(1))), Optional.empty());
        assertNull(reccoBeats.asked);
        assertEquals(1, found.skipped().size());
        assertEquals("no audio features: the export has none for it, Vibe has not stored it and the catalogue does not have it",
                found.skipped().get(0).reason());
        assertEquals(1, found.notes().size());
        assertTrue(found.notes().get(0).startsWith("ReccoBeats is switched off (vibe.features.reccobeats.enabled=false)"), found.notes().get(0));
    }

    @Test
    void songsWithoutATrackIdAreNeverSentToSpotifyOrReccoBeats() {
        IncomingSong derived = new IncomingSong(3, null, "derived-abc", true, "No Id", List.of(), "", duration(1), FeatureSource.EXPORTIFY_CSV);
        String real = id(2);
        reccoBeats.known.put(real, reccoBeats(100));
        FakeSpotify app = new FakeSpotify("app");
        Found found = finder(true).complete(List.of(derived, partial(real, duration(1))), Optional.of(app));

        assertEquals(List.of(List.of(real)), app.asked);
        assertEquals(List.of(real), reccoBeats.asked);
        assertEquals(List.of(real), ids(found));
        assertEquals("", found.skipped().get(0).trackId(), "a derived id is not shown as a track id");
        assertEquals("No Id", found.skipped().get(0).name());
    }

    @Test
    void aSpotify403IsRememberedForADayPerAppAndTheSongsGoOnToReccoBeats() {
        String song = id(1);
        reccoBeats.known.put(song, reccoBeats(100));
        FeatureFinder finder = finder(true);
        FakeSpotify refusing = new FakeSpotify("new-app");
        refusing.forbidden = true;

        Found first = finder.complete(List.of(partial(song, duration(1))), Optional.of(refusing));
        assertEquals(List.of("reccobeats"), origins(first), "a refusal is not a failed import");
        assertEquals(1, refusing.asked.size());
        assertTrue(first.notes().get(0).startsWith("Spotify refuses audio features to this app (HTTP 403"), first.notes().get(0));

        clock.advance(Duration.ofHours(23));
        Found second = finder.complete(List.of(partial(song, duration(1))), Optional.of(refusing));
        assertEquals(1, refusing.asked.size(), "not asked again within the day");
        assertEquals(List.of(), second.notes());

        FakeSpotify otherApp = new FakeSpotify("old-app");
        otherApp.known.put(song, features(120));
        assertEquals(List.of("spotify"), origins(finder.complete(List.of(partial(song, duration(1))), Optional.of(otherApp))),
                "another app is still asked");

        clock.advance(Duration.ofHours(1).plusSeconds(1));
        finder.complete(List.of(partial(song, duration(1))), Optional.of(refusing));
        assertEquals(2, refusing.asked.size(), "asked again after a day");
    }

    @Test
    void aSpotifyThatFailsIsNotAFailedImport() {
        String song = id(1);
        reccoBeats.known.put(song, reccoBeats(100));
        FakeSpotify failing = new FakeSpotify("app");
        failing.failure = new VibeException.UpstreamFailed("Spotify failed", "Spotify answered HTTP 500");
        FeatureFinder finder = finder(true);

        Found found = finder.complete(List.of(partial(song, duration(1))), Optional.of(failing));
        assertEquals(List.of("reccobeats"), origins(found));
        assertEquals(List.of("Spotify could not be asked for audio features: Spotify answered HTTP 500"), found.notes());

        failing.failure = null;
        failing.known.put(song, features(130));
        assertEquals(List.of("spotify"), origins(finder.complete(List.of(partial(song, duration(1))), Optional.of(failing))),
                "a failure, unlike a 403, is not remembered");
    }
}
