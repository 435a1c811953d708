package dev.vibe.scoring.domain;

import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.common.schema.FeatureSchema;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The songs recommendations pick from: the index by track id, growth, stored songs and catalogue loads (plain JUnit). */
class CandidateSongsTest {

    static final Instant MONDAY = Instant.parse("2026-01-05T10:00:00Z");
    static final Instant TUESDAY = MONDAY.plusSeconds(86_400);

    /** Valid features that differ from song to song ({@code seed} is in each of them). */
    static AudioFeatures features(int seed) {
        double d = (seed % 100) / 100.0;
        return AudioFeatures.of(d, d, seed % 12, -(seed % 60), seed % 2, d, d, d, d, d, 60 + seed % 300, 1000 + seed, 4);
    }

    static float[] raw(AudioFeatures f) {
        float[] out = new float[FeatureSchema.SIZE];
        f.copyTo(out, 0);
        return out;
    }

    static CandidateSongs.CatalogueSong song(String id, int seed) {
        return new CandidateSongs.CatalogueSong(id, "Song " + id, List.of("Artist " + id), features(seed));
    }

    static List<String> ids(CandidateSongs songs, String pool) {
        return songs.read(s -> s.pool(pool).rows().stream().mapToObj(s::trackId).sorted().toList());
    }

    @Test
    void aStoredSongIsFoundByItsIdWithItsNameArtistsAndFeatures() {
        CandidateSongs songs = new CandidateSongs();
        songs.putStored("a", 1, "Alpha", List.of("Ann", "Bob"), features(3));
        songs.putStored("b", 1, null, List.of(), features(4));
        int a = songs.rowOf("a");
        assertEquals("a", songs.trackId(a));
        assertEquals("Alpha", songs.name(a));
        assertEquals(List.of("Ann", "Bob"), songs.artists(a));
        assertArrayEquals(raw(features(3)), songs.features(a));
        int b = songs.rowOf("b");
        assertEquals("", songs.name(b));
        assertEquals(List.of(), songs.artists(b));
        assertEquals(-1, songs.artistKey(b), "no artist: never capped");
        assertEquals(-1, songs.rowOf("c"));
        assertEquals(-1, songs.rowOf("ab"), "a prefix of nothing stored");
        assertEquals(2, songs.size());
    }

    @Test
    void theIndexAndArraysGrowPastTheirFirstSizeWithoutLosingASong() {
        CandidateSongs songs = new CandidateSongs();
        int n = 5000; // past the first 1024 rows and 2048 index slots, several times
        for (int i = 0; i < n; i++) {
            songs.putStored("track-" + i, 1, "Name " + i + " \u00e9", List.of("Artist " + (i % 10)), features(i));
        }
        assertEquals(n, songs.size());
        for (int i = 0; i < n; i++) {
            int row = songs.rowOf("track-" + i);
            assertEquals("track-" + i, songs.trackId(row));
            assertEquals("Name " + i + " \u00e9", songs.name(row));
            assertArrayEquals(raw(features(i)), songs.features(row), "track-" + i);
        }
        int[] rows = {songs.rowOf("track-7"), songs.rowOf("track-4321")};
        float[] out = new float[2 * FeatureSchema.SIZE];
        songs.copyFeatures(rows, 0, 2, out);
        assertEquals(raw(features(7))[0], out[0]);
        assertEquals(raw(features(4321))[0], out[FeatureSchema.SIZE]);
        assertEquals(songs.artistKey(songs.rowOf("track-3")), songs.artistKey(songs.rowOf("track-13")), "same first artist, same key");
        assertNotEquals(songs.artistKey(songs.rowOf("track-3")), songs.artistKey(songs.rowOf("track-4")));
    }

    @Test
    void aNewerFeatureRecordReplacesTheSongAndAnOlderOneIsIgnored() {
        CandidateSongs songs = new CandidateSongs();
        songs.putStored("a", 2, "Two", List.of("X"), features(2));
        songs.putStored("a", 1, "One", List.of("Y"), features(1));
        assertEquals("Two", songs.name(songs.rowOf("a")));
        songs.putStored("a", 3, "Three", List.of("Z"), features(3));
        int row = songs.rowOf("a");
        assertEquals("Three", songs.name(row));
        assertEquals(List.of("Z"), songs.artists(row));
        assertArrayEquals(raw(features(3)), songs.features(row));
        assertEquals(1, songs.size(), "replaced in place");
    }

    @Test
    void theFirstArtistIsTrimmedAndLowerCasedAndSharedBySongs() {
        assertEquals("ann", CandidateSongs.firstArtist(List.of("  Ann ", "Bob")));
        assertNull(CandidateSongs.firstArtist(List.of(" ")));
        assertNull(CandidateSongs.firstArtist(List.of()));
        CandidateSongs songs = new CandidateSongs();
        songs.putStored("a", 1, "A", List.of("ANN"), features(1));
        songs.putStored("b", 1, "B", List.of(" ann", "Carl"), features(2));
        assertEquals(songs.artistKey(songs.rowOf("a")), songs.artistKey(songs.rowOf("b")));
    }

    @Test
    void aNewerCatalogueLoadReplacesTheOldOneAndAnOlderLoadIsIgnored() {
        CandidateSongs songs = new CandidateSongs();
        songs.putCataloguePart("hits", MONDAY, 0, 2, List.of(song("a", 1), song("b", 2)));
        songs.putCataloguePart("hits", MONDAY, 1, 2, List.of(song("c", 3)));
        assertEquals(List.of("a", "b", "c"), ids(songs, "catalogue:hits"));
        songs.putCataloguePart("hits", TUESDAY, 0, 2, List.of(song("b", 2), song("d", 4)));
        assertEquals(List.of("b", "d"), ids(songs, "catalogue:hits"), "the reload's first part empties the catalogue");
        assertEquals(List.of("b", "d"), ids(songs, "all"), "a song the reload dropped is in no pool");
        assertFalse(songs.pools().get(2).complete(), "one part of two so far");
        songs.putCataloguePart("hits", MONDAY, 1, 2, List.of(song("e", 5)));
        assertEquals(List.of("b", "d"), ids(songs, "catalogue:hits"), "a part of an older load is ignored");
        songs.putCataloguePart("hits", TUESDAY, 1, 2, List.of(song("f", 6)));
        assertEquals(List.of("b", "d", "f"), ids(songs, "catalogue:hits"));
        assertEquals(new CandidateSongs.PoolInfo("catalogue:hits", "the catalogue 'hits'", 3, true), songs.pools().get(2));
    }

    @Test
    void poolsAreAllStoredAndEachCatalogueAndAStoredSongKeepsItsOwnFeatures() {
        CandidateSongs songs = new CandidateSongs();
        songs.putStored("a", 1, "Stored A", List.of("Ann"), features(1));
        songs.putCataloguePart("hits", MONDAY, 0, 1, List.of(song("a", 9), song("b", 2)));
        songs.putCataloguePart("news", MONDAY, 0, 1, List.of(song("c", 3)));
        int a = songs.rowOf("a");
        assertEquals("Stored A", songs.name(a), "a stored song's own features win over a catalogue's");
        assertArrayEquals(raw(features(1)), songs.features(a));
        assertEquals(List.of("a", "b", "c"), ids(songs, "all"));
        assertEquals(List.of("a"), ids(songs, "stored"));
        assertEquals(List.of("a", "b"), ids(songs, "catalogue:hits"));
        assertNull(songs.read(s -> s.pool("catalogue:none")));
        assertNull(songs.read(s -> s.pool("playlist:x")), "playlists are read from ingest, not held here");
        List<String> pools = new ArrayList<>();
        songs.pools().forEach(p -> pools.add(p.id() + "=" + p.songs()));
        assertEquals(List.of("all=3", "stored=1", "catalogue:hits=2", "catalogue:news=1"), pools);
        assertFalse(songs.pools().get(0).complete(), "not caught up with the events yet");
        songs.markCaughtUp();
        assertTrue(songs.caughtUp());
        assertTrue(songs.pools().get(0).complete());
    }
}
