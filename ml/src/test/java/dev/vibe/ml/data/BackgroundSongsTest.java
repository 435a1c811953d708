package dev.vibe.ml.data;

import dev.vibe.ml.Data;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BackgroundSongsTest {

    static final LabeledSongs PLAYLISTS = Data.playlists(Data.FOUR.toArray(String[]::new));

    @Test
    void noSongOfThePlaylistsIsEverANegativeByIdOrBySound() {
        List<LabeledSongs.Listed> stored = new ArrayList<>(Data.liked());
        LabeledSongs.Song onBluey = PLAYLISTS.songs().get(0);
        stored.add(new LabeledSongs.Listed("same-recording-other-id", onBluey.name(), onBluey.features().clone()));
        List<LabeledSongs.Listed> catalogue = new ArrayList<>(BackgroundSongs.bundled().subList(0, 2000));
        catalogue.add(new LabeledSongs.Listed(PLAYLISTS.songs().get(1).id(), "a playlist song in a catalogue", PLAYLISTS.songs().get(1).features()));
        long likedOnPlaylists = Data.liked().stream().filter(s -> PLAYLISTS.songs().stream().anyMatch(p -> p.id().equals(s.id()))).count();
        assertTrue(likedOnPlaylists > 50, "the case under test: many stored songs are on the playlists (" + likedOnPlaylists + ")");

        BackgroundSongs.Chosen chosen = BackgroundSongs.choose(PLAYLISTS, stored, catalogue, 5000);
        Set<String> ids = new HashSet<>();
        Set<String> sounds = new HashSet<>();
        PLAYLISTS.songs().forEach(s -> {
            ids.add(s.id());
            sounds.add(Arrays.toString(s.features()));
        });
        for (LabeledSongs.Listed s : chosen.songs()) {
            assertFalse(ids.contains(s.id()), s.id() + " is on a playlist");
            assertFalse(sounds.contains(Arrays.toString(s.features())), s.id() + " sounds exactly like a playlist song");
        }
        assertEquals(chosen.songs().size(), chosen.songs().stream().map(LabeledSongs.Listed::id).distinct().count(), "each song once");
    }

    @Test
    void storedSongsComeFirstUpToTheirShareThenTheCataloguesThenTheBundledSample() {
        List<LabeledSongs.Listed> stored = Data.liked();
        List<LabeledSongs.Listed> catalogue = BackgroundSongs.bundled().subList(0, 300);
        // few of each: all stored songs not on the playlists, the whole catalogue, the bundled sample fills up
        BackgroundSongs.Chosen all = BackgroundSongs.choose(PLAYLISTS, stored, catalogue, 2000);
        long storedFree = stored.stream().filter(s -> PLAYLISTS.songs().stream().noneMatch(p -> p.id().equals(s.id()))).count();
        assertTrue(all.stored() > 0.9 * storedFree && all.stored() <= storedFree, all.stored() + " of " + storedFree);
        // all of the catalogue but the odd song already taken (on a playlist, or the same recording as a stored song)
        assertTrue(all.catalogue() >= 295 && all.catalogue() <= 300, "catalogue songs taken: " + all.catalogue());
        assertEquals(2000, all.size());
        assertEquals(2000 - all.stored() - all.catalogue(), all.bundled());
        // many stored songs: they take their share, the catalogue the rest, nothing bundled
        BackgroundSongs.Chosen some = BackgroundSongs.choose(PLAYLISTS, stored, BackgroundSongs.bundled(), 600);
        assertEquals(300, some.stored());
        assertEquals(300, some.catalogue());
        assertEquals(0, some.bundled());
        // nothing loaded, nothing stored: the bundled sample
        BackgroundSongs.Chosen none = BackgroundSongs.choose(PLAYLISTS, List.of(), List.of());
        assertEquals(BackgroundSongs.sizeFor(PLAYLISTS.size()), none.size());
        assertEquals(none.size(), none.bundled());
        assertEquals(Math.min(BackgroundSongs.MAX, 10 * PLAYLISTS.size()), none.size());
    }

    @Test
    void whichSongsAreTakenDoesNotDependOnTheOrderTheyComeIn() {
        List<LabeledSongs.Listed> catalogue = new ArrayList<>(BackgroundSongs.bundled());
        Set<String> first = ids(BackgroundSongs.choose(PLAYLISTS, Data.liked(), catalogue, 1500));
        Collections.shuffle(catalogue, new Random(3));
        List<LabeledSongs.Listed> stored = new ArrayList<>(Data.liked());
        Collections.shuffle(stored, new Random(4));
        assertEquals(first, ids(BackgroundSongs.choose(PLAYLISTS, stored, catalogue, 1500)));
    }

    private static Set<String> ids(BackgroundSongs.Chosen c) {
        Set<String> out = new HashSet<>();
        c.songs().forEach(s -> out.add(s.id()));
        return out;
    }
}
