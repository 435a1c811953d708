package dev.vibe.scoring.service;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntPredicate;
import java.util.function.IntUnaryOperator;

/**
 * Picks the best songs of a pool for one playlist from the model's probabilities, without sorting the pool: one pass
 * keeps the candidates that pass the filters, a bounded heap keeps the best {@code offset + limit} of them
 * (O(n log K)), and only those are sorted. With a cap per artist the heap keeps four times as many and walks them in
 * order; if that is not enough the candidates are sorted in full (rare: only when few artists dominate).
 */
public final class Ranker {

    private Ranker() {
    }

    /**
     * What to pick.
     *
     * @param playlist       the playlist's column in the probabilities
     * @param offset         picks to skip (paging)
     * @param limit          picks to return
     * @param minProbability leave out songs below this probability
     * @param minMargin      if set, leave out songs whose probability is not at least this much above their best other
     *                       playlist's ("fits this playlist more than the others")
     * @param perArtist      if set, at most this many songs with the same first artist
     */
    public record Options(int playlist, int offset, int limit, double minProbability, Double minMargin, Integer perArtist) {
    }

    /** A pick: its index in the pool, its probability for the playlist and its margin over the best other playlist. */
    public record Pick(int index, float probability, float margin) {
    }

    /**
     * @param picks      the picks from rank {@code offset + 1} on, best first
     * @param candidates songs of the pool that pass the filters (before the cap per artist)
     * @param more       true if there are picks after these
     */
    public record Ranked(List<Pick> picks, int candidates, boolean more) {
    }

    /**
     * @param p        probabilities, {@code k} per song, song after song
     * @param n        songs in the pool
     * @param excluded songs to leave out (those already on the playlist)
     * @param artist   a song's first-artist key (-1: unknown, never capped), used only with a cap per artist
     */
    public static Ranked rank(float[] p, int n, int k, Options o, IntPredicate excluded, IntUnaryOperator artist) {
        int c = o.playlist();
        // no more than the pool: a page far past the end must not overflow offset + limit (nor 4 x that with a cap)
        int wanted = (int) Math.min((long) o.offset() + o.limit(), n);
        int[] candidates = new int[Math.min(n, 1024)];
        int count = 0;
        for (int i = 0; i < n; i++) {
            float pi = p[i * k + c];
            if (pi < o.minProbability() || excluded.test(i)) {
                continue;
            }
            if (o.minMargin() != null && pi - bestOther(p, i, k, c) < o.minMargin()) {
                continue;
            }
            if (count == candidates.length) {
                candidates = Arrays.copyOf(candidates, candidates.length * 2);
            }
            candidates[count++] = i;
        }
        List<Pick> ordered;
        boolean more;
        if (o.perArtist() == null) {
            int[] best = top(p, k, c, candidates, count, wanted);
            ordered = picks(p, k, c, best);
            more = count > wanted;
        } else {
            int[] best = top(p, k, c, candidates, count, Math.min(count, wanted * 4));
            ordered = new ArrayList<>();
            boolean complete = capped(p, k, c, best, wanted + 1, o.perArtist(), artist, ordered);
            if (!complete && best.length < count) { // the cap left too few: walk every candidate in order
                ordered.clear();
                capped(p, k, c, top(p, k, c, candidates, count, count), wanted + 1, o.perArtist(), artist, ordered);
            }
            more = ordered.size() > wanted;
            if (more) {
                ordered = ordered.subList(0, wanted);
            }
        }
        List<Pick> page = o.offset() >= ordered.size() ? List.of() : List.copyOf(ordered.subList(o.offset(), ordered.size()));
        return new Ranked(page, count, more);
    }

    private static boolean capped(float[] p, int k, int c, int[] inOrder, int wanted, int cap, IntUnaryOperator artist, List<Pick> out) {
        Map<Integer, Integer> perArtist = new HashMap<>();
        for (int i : inOrder) {
            int a = artist.applyAsInt(i);
            if (a >= 0 && perArtist.merge(a, 1, Integer::sum) > cap) {
                continue;
            }
            out.add(pick(p, k, c, i));
            if (out.size() >= wanted) {
                return true;
            }
        }
        return false;
    }

    /** The {@code m} best candidates, best first (ties: the earlier song first). */
    static int[] top(float[] p, int k, int c, int[] candidates, int count, int m) {
        m = Math.min(m, count);
        if (m <= 0) {
            return new int[0];
        }
        // a min-heap of the best m seen so far, worst at the root
        int[] heap = new int[m];
        int size = 0;
        for (int j = 0; j < count; j++) {
            int i = candidates[j];
            if (size < m) {
                heap[size] = i;
                up(heap, size++, p, k, c);
            } else if (better(p, k, c, i, heap[0])) {
                heap[0] = i;
                down(heap, size, p, k, c);
            }
        }
        Integer[] sorted = new Integer[size];
        for (int j = 0; j < size; j++) {
            sorted[j] = heap[j];
        }
        Arrays.sort(sorted, (a, b) -> better(p, k, c, a, b) ? -1 : better(p, k, c, b, a) ? 1 : 0);
        int[] out = new int[size];
        for (int j = 0; j < size; j++) {
            out[j] = sorted[j];
        }
        return out;
    }

    private static boolean better(float[] p, int k, int c, int a, int b) {
        float pa = p[a * k + c];
        float pb = p[b * k + c];
        return pa > pb || (pa == pb && a < b);
    }

    private static void up(int[] heap, int at, float[] p, int k, int c) {
        while (at > 0) {
            int parent = (at - 1) / 2;
            if (!better(p, k, c, heap[parent], heap[at])) {
                break;
            }
            swap(heap, at, parent);
            at = parent;
        }
    }

    private static void down(int[] heap, int size, float[] p, int k, int c) {
        int at = 0;
        while (true) {
            int l = 2 * at + 1;
            int r = l + 1;
            int worst = at;
            if (l < size && better(p, k, c, heap[worst], heap[l])) {
                worst = l;
            }
            if (r < size && better(p, k, c, heap[worst], heap[r])) {
                worst = r;
            }
            if (worst == at) {
                return;
            }
            swap(heap, at, worst);
            at = worst;
        }
    }

    private static void swap(int[] a, int i, int j) {
        int t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    private static List<Pick> picks(float[] p, int k, int c, int[] rows) {
        List<Pick> out = new ArrayList<>(rows.length);
        for (int row : rows) {
            out.add(pick(p, k, c, row));
        }
        return out;
    }

    private static Pick pick(float[] p, int k, int c, int i) {
        float pi = p[i * k + c];
        return new Pick(i, pi, k == 1 ? pi : pi - bestOther(p, i, k, c));
    }

    private static float bestOther(float[] p, int i, int k, int c) {
        float best = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) {
            if (j != c) {
                best = Math.max(best, p[i * k + j]);
            }
        }
        return k == 1 ? 0 : best;
    }
}
