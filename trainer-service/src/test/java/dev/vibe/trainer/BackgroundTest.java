package dev.vibe.trainer;

import dev.vibe.common.csv.SongCsv;
import dev.vibe.common.events.CataloguePart;
import dev.vibe.common.events.FeatureRecord;
import dev.vibe.common.events.FeatureSource;
import dev.vibe.common.events.Topics;
import dev.vibe.ml.data.BackgroundSongs;
import dev.vibe.ml.data.ExportifyPlaylists;
import dev.vibe.ml.data.LabeledSongs;
import dev.vibe.stack.test.VibeStackTestResource;
import dev.vibe.trainer.service.BackgroundSource;
import dev.vibe.trainer.service.CatalogueReplica;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The rest of the world reaches the trainer by events only: catalogue parts on the real broker fill its catalogue
 * replica (the newest load of each catalogue), feature records its copy of the stored songs, and a vibe's background
 * comes from both, never a song of its playlists.
 */
@Tag("stack")
@QuarkusTest
@QuarkusTestResource(VibeStackTestResource.class)
class BackgroundTest {

    @Inject
    CatalogueReplica catalogues;

    @Inject
    BackgroundSource background;

    static Path exportify(String name) {
        return Path.of(System.getProperty("vibe.home", "..")).resolve("data/exportify/" + name + ".csv");
    }

    /** A catalogue of {@code songs} of the bundled sample, as ingest publishes it: parts of up to 500 songs, one load time. */
    static void load(String catalogue, List<LabeledSongs.Listed> songs, Instant loadedAt) throws Exception {
        int parts = (songs.size() + CataloguePart.SONGS_PER_PART - 1) / CataloguePart.SONGS_PER_PART;
        try (var producer = TrainingFlowTest.producer()) {
            for (int p = 0; p < parts; p++) {
                List<CataloguePart.Song> part = songs.subList(p * CataloguePart.SONGS_PER_PART, Math.min(songs.size(), (p + 1) * CataloguePart.SONGS_PER_PART))
                        .stream().map(s -> new CataloguePart.Song(s.id(), "song " + s.id(), List.of("someone"), dev.vibe.common.schema.AudioFeatures.of(s.features())))
                        .toList();
                CataloguePart event = new CataloguePart(catalogue, loadedAt, p, parts, part);
                producer.send(new ProducerRecord<>(Topics.CATALOGUE, event.key(), event));
            }
            producer.flush();
        }
    }

    @Test
    void aCatalogueLoadedAgainReplacesItsSongsAndALatePartOfAnOlderLoadChangesNothing() throws Exception {
        String name = "cat-" + UUID.randomUUID().toString().substring(0, 8);
        List<LabeledSongs.Listed> bundled = BackgroundSongs.bundled();
        Instant first = Instant.parse("2026-11-01T10:00:00Z");
        load(name, bundled.subList(0, 1200), first);
        await().atMost(Duration.ofSeconds(60)).until(() -> catalogues.songs(name) == 1200);
        Instant second = first.plusSeconds(3600);
        load(name, bundled.subList(2000, 2300), second);
        await().atMost(Duration.ofSeconds(60)).until(() -> catalogues.songs(name) == 300);
        load(name, bundled.subList(0, 400), first); // a late redelivery of the first load
        String marker = name + "-marker"; // parts are read in order per partition: a marker load shows the late part was read
        load(marker, bundled.subList(0, 1), first);
        await().atMost(Duration.ofSeconds(60)).until(() -> catalogues.songs(marker) == 1);
        assertEquals(300, catalogues.songs(name), "the newer load stays");
        assertTrue(catalogues.catalogues().contains(name));
    }

    @Test
    void aVibesBackgroundComesFromTheStoredSongsAndTheLoadedCataloguesAndNeverFromItsPlaylists() throws Exception {
        // stored: the listener's liked songs (many of them on the vibe's playlists); loaded: a catalogue
        List<SongCsv.Song> liked = SongCsv.read(Files.newBufferedReader(exportify("Liked_Songs"))).songs();
        try (var producer = TrainingFlowTest.producer()) {
            for (SongCsv.Song s : liked) {
                if (s.hasFeatures()) {
                    producer.send(new ProducerRecord<>(Topics.FEATURES, s.trackId(),
                            new FeatureRecord(s.trackId(), 1, s.name(), s.artists(), s.features(), FeatureSource.EXPORTIFY_CSV, Instant.now())));
                }
            }
            producer.flush();
        }
        List<String> likedIds = liked.stream().filter(SongCsv.Song::hasFeatures).map(SongCsv.Song::trackId).toList();
        await().atMost(Duration.ofSeconds(90)).until(() -> io.quarkus.narayana.jta.QuarkusTransaction.requiringNew()
                .call(() -> dev.vibe.trainer.domain.TrackFeatures.count("trackId in ?1", likedIds)) == likedIds.size());
        String name = "background-" + UUID.randomUUID().toString().substring(0, 8);
        load(name, BackgroundSongs.bundled().subList(3000, 4500), Instant.now());
        await().atMost(Duration.ofSeconds(60)).until(() -> catalogues.songs(name) == 1500);

        LabeledSongs playlists = ExportifyPlaylists.load(List.of(exportify("Bluey"), exportify("Country"), exportify("Acoustic")));
        BackgroundSongs.Chosen chosen = background.backgroundFor(playlists);
        assertEquals(BackgroundSongs.sizeFor(playlists.size()), chosen.size());
        assertTrue(chosen.stored() > 0, "stored songs used: " + chosen.stored());
        assertTrue(chosen.catalogue() > 0, "catalogue songs used: " + chosen.catalogue());
        Set<String> onPlaylists = new HashSet<>();
        playlists.songs().forEach(s -> onPlaylists.add(s.id()));
        long likedOnPlaylists = likedIds.stream().filter(onPlaylists::contains).count();
        assertTrue(likedOnPlaylists > 20, "the case under test: stored songs on the playlists (" + likedOnPlaylists + ")");
        for (LabeledSongs.Listed s : chosen.songs()) {
            assertFalse(onPlaylists.contains(s.id()), s.id() + " is on one of the vibe's playlists");
        }
        // the database hands the songs over in the order BackgroundSongs takes them (the same hash), so reading only as
        // far as needed picks the songs it would pick of all
        List<String> stored = chosen.songs().subList(0, chosen.stored()).stream().map(LabeledSongs.Listed::id).toList();
        assertEquals(stored.stream().sorted(java.util.Comparator.comparing(BackgroundSongs::order)).toList(), stored);
    }
}
