package dev.vibe.scoring.service;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/** A page far past the end (offset + limit beyond int) is empty and has nothing after it, with or without a cap per artist. */
class RankerPagingOverflowTest {

    // 3 songs, 2 playlists; song 1 fits playlist 0 best, then song 2, then song 0
    private static final float[] P = {0.1f, 0.9f, 0.8f, 0.2f, 0.5f, 0.5f};

    @Test
    void aPagePastTheEndIsEmptyEvenWhenOffsetPlusLimitOverflows() {
        for (Integer perArtist : new Integer[]{null, 1}) {
            Ranker.Ranked r = Ranker.rank(P, 3, 2, new Ranker.Options(0, Integer.MAX_VALUE - 5, 20, 0, null, perArtist), i -> false, i -> 7);
            assertEquals(List.of(), r.picks(), "perArtist " + perArtist);
            assertFalse(r.more(), "perArtist " + perArtist);
            assertEquals(3, r.candidates());
        }
    }

    @Test
    void theFirstPageIsUnchanged() {
        Ranker.Ranked r = Ranker.rank(P, 3, 2, new Ranker.Options(0, 0, 2, 0, null, null), i -> false, i -> -1);
        assertEquals(List.of(1, 2), r.picks().stream().map(Ranker.Pick::index).toList());
        assertEquals(true, r.more());
        Ranker.Ranked capped = Ranker.rank(P, 3, 2, new Ranker.Options(0, 0, 5, 0, null, 1), i -> false, i -> i == 0 ? 9 : 7);
        assertEquals(List.of(1, 0), capped.picks().stream().map(Ranker.Pick::index).toList());
        assertFalse(capped.more());
    }
}
