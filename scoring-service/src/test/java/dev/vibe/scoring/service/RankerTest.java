package dev.vibe.scoring.service;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ranking of a pool for one playlist: filters, the margin, the cap per artist and paging (plain JUnit). */
class RankerTest {

    // 5 songs, 3 playlists, song after song
    private static final float[] P = {
            0.90f, 0.85f, 0.10f, // song 0: fits playlist 0, but playlist 1 nearly as well (margin 0.05)
            0.70f, 0.10f, 0.20f, // song 1: margin 0.50
            0.70f, 0.30f, 0.60f, // song 2: ties song 1 on playlist 0, margin 0.10
            0.20f, 0.90f, 0.10f, // song 3: margin -0.70
            0.50f, 0.50f, 0.50f, // song 4: margin 0
    };

    static List<Integer> indices(Ranker.Ranked r) {
        return r.picks().stream().map(Ranker.Pick::index).toList();
    }

    @Test
    void bestFirstWithTiesInPoolOrderAndTheMarginOverTheBestOtherPlaylist() {
        Ranker.Ranked r = Ranker.rank(P, 5, 3, new Ranker.Options(0, 0, 10, 0, null, null), i -> false, i -> -1);
        assertEquals(List.of(0, 1, 2, 4, 3), indices(r));
        assertEquals(5, r.candidates());
        assertFalse(r.more());
        assertEquals(0.05f, r.picks().get(0).margin(), 1e-6);
        assertEquals(0.50f, r.picks().get(1).margin(), 1e-6);
        assertEquals(-0.70f, r.picks().get(4).margin(), 1e-6);
        assertEquals(0.70f, r.picks().get(2).probability(), 0);
    }

    @Test
    void minimumProbabilityMarginAndExclusionsLeaveSongsOutOfTheCandidates() {
        Ranker.Ranked r = Ranker.rank(P, 5, 3, new Ranker.Options(0, 0, 10, 0.5, null, null), i -> i == 1, i -> -1);
        assertEquals(List.of(0, 2, 4), indices(r));
        assertEquals(3, r.candidates());
        // "fits this playlist more than the others": at least 0.08 above the best other one (song 2 is 0.1 above, song 0 only 0.05)
        Ranker.Ranked margin = Ranker.rank(P, 5, 3, new Ranker.Options(0, 0, 10, 0, 0.08, null), i -> false, i -> -1);
        assertEquals(List.of(1, 2), indices(margin));
        assertEquals(2, margin.candidates());
        // a negative margin lets songs that fit another playlist better in, down to that margin
        Ranker.Ranked loose = Ranker.rank(P, 5, 3, new Ranker.Options(0, 0, 10, 0, -0.5, null), i -> false, i -> -1);
        assertEquals(List.of(0, 1, 2, 4), indices(loose));
    }

    @Test
    void aModelOfOnePlaylistHasItsProbabilityAsMargin() {
        float[] one = {0.3f, 0.8f, 0.5f};
        Ranker.Ranked r = Ranker.rank(one, 3, 1, new Ranker.Options(0, 0, 2, 0, 0.4, null), i -> false, i -> -1);
        assertEquals(List.of(1, 2), indices(r));
        assertEquals(0.8f, r.picks().get(0).margin(), 0);
        assertFalse(r.more());
    }

    @Test
    void pagesFollowOneAnotherAndSayWhetherMoreFollow() {
        IntUnaryOperator artist = i -> i % 3;
        for (Integer cap : new Integer[]{null, 2}) {
            float[] p = random(200, 2, 5);
            List<Integer> all = indices(Ranker.rank(p, 200, 2, new Ranker.Options(1, 0, 200, 0, null, cap), i -> false, artist));
            List<Integer> paged = new ArrayList<>();
            for (int offset = 0; ; offset += 7) {
                Ranker.Ranked page = Ranker.rank(p, 200, 2, new Ranker.Options(1, offset, 7, 0, null, cap), i -> false, artist);
                paged.addAll(indices(page));
                assertEquals(paged.size() < all.size(), page.more(), "cap " + cap + ", offset " + offset);
                if (!page.more()) {
                    break;
                }
                assertEquals(7, page.picks().size());
            }
            assertEquals(all, paged, "cap " + cap);
        }
    }

    @Test
    void theCapPerArtistKeepsTheBestSongsOfEachArtistAndNeverCapsUnknownArtists() {
        // songs 0..49 by artist 1 and best; 50..59 by nobody known; 60..99 each by its own artist
        float[] p = new float[100];
        for (int i = 0; i < 100; i++) {
            p[i] = 1f - i / 100f;
        }
        IntUnaryOperator artist = i -> i < 50 ? 1 : i < 60 ? -1 : i;
        Ranker.Ranked r = Ranker.rank(p, 100, 1, new Ranker.Options(0, 0, 15, 0, null, 2), i -> false, artist);
        // four times the page (60 best) is not enough past artist 1's 50 songs: the whole pool is walked in order
        List<Integer> expected = new ArrayList<>(List.of(0, 1));
        for (int i = 50; i < 63; i++) {
            expected.add(i);
        }
        assertEquals(expected, indices(r));
        assertEquals(100, r.candidates(), "candidates are counted before the cap");
        assertTrue(r.more());
    }

    @Test
    void agreesWithSortingTheWholePoolOnRandomPools() {
        Random seeds = new Random(42);
        for (int round = 0; round < 40; round++) {
            int n = 1 + seeds.nextInt(3000);
            int k = 1 + seeds.nextInt(4);
            float[] p = random(n, k, seeds.nextLong());
            int c = seeds.nextInt(k);
            Ranker.Options o = new Ranker.Options(c, seeds.nextInt(50), 1 + seeds.nextInt(60), seeds.nextDouble() * 0.5,
                    seeds.nextBoolean() ? null : seeds.nextDouble() - 0.5, seeds.nextBoolean() ? null : 1 + seeds.nextInt(3));
            int artists = 1 + seeds.nextInt(20);
            IntUnaryOperator artist = i -> i % 11 == 0 ? -1 : (i * 7) % artists;
            IntPredicate excluded = i -> i % 13 == 5;
            Ranker.Ranked r = Ranker.rank(p, n, k, o, excluded, artist);
            Ranker.Ranked expected = byFullSort(p, n, k, o, excluded, artist);
            assertEquals(expected.picks(), r.picks(), "round " + round + " " + o);
            assertEquals(expected.candidates(), r.candidates(), "round " + round);
            assertEquals(expected.more(), r.more(), "round " + round);
        }
    }

    /** What the ranking must be: every song through the filters, the whole pool sorted, the cap applied in order, one page cut out. */
    static Ranker.Ranked byFullSort(float[] p, int n, int k, Ranker.Options o, IntPredicate excluded, IntUnaryOperator artist) {
        int c = o.playlist();
        List<Ranker.Pick> passing = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            float pi = p[i * k + c];
            float other = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < k; j++) {
                if (j != c) {
                    other = Math.max(other, p[i * k + j]);
                }
            }
            float margin = k == 1 ? pi : pi - other;
            if (pi >= o.minProbability() && !excluded.test(i) && (o.minMargin() == null || margin >= o.minMargin())) {
                passing.add(new Ranker.Pick(i, pi, margin));
            }
        }
        passing.sort(Comparator.comparing((Ranker.Pick x) -> -x.probability()).thenComparingInt(Ranker.Pick::index));
        List<Ranker.Pick> capped = new ArrayList<>();
        Map<Integer, Integer> perArtist = new HashMap<>();
        for (Ranker.Pick x : passing) {
            int a = artist.applyAsInt(x.index());
            if (o.perArtist() == null || a < 0 || perArtist.merge(a, 1, Integer::sum) <= o.perArtist()) {
                capped.add(x);
            }
        }
        int from = Math.min(o.offset(), capped.size());
        int to = Math.min(o.offset() + o.limit(), capped.size());
        return new Ranker.Ranked(List.copyOf(capped.subList(from, to)), passing.size(), capped.size() > o.offset() + o.limit());
    }

    /** Probabilities with ties: values in steps of 1/64. */
    static float[] random(int n, int k, long seed) {
        Random r = new Random(seed);
        float[] p = new float[n * k];
        for (int i = 0; i < p.length; i++) {
            p[i] = r.nextInt(65) / 64f;
        }
        return p;
    }
}
