package dev.vibe.ml.net;

import dev.vibe.ml.data.Shuffling;

import java.util.Arrays;
import java.util.Random;

/**
 * Each member's own rows: what it trains on, what it holds out, and what its early stopping watches.
 *
 * <p>Validation songs come in folds: members 0..F-1 (F = 1 / validation share, 7 for 15%) each hold out one fold of
 * one seeded order of the songs, members F..2F-1 one fold of another order, and so on, so that every song is held
 * out by some member (two or three of twenty): its held-out probability is the mean of those members' (used for
 * calibration, the outliers of a playlist and the "fits none" threshold). The playlists' songs and the background
 * songs are folded apart, so every fold has its share of both.
 *
 * @param trainFixed each member's fixed rows to train on
 * @param trainPool  each member's pool rows to draw from
 * @param heldOut    each member's held-out rows (its fold of the fixed rows and of the pool); empty when too few rows
 * @param evaluated  the rows each member's validation loss is measured on (the training's mix of fixed and pool rows)
 */
record MemberFolds(int[][] trainFixed, int[][] trainPool, int[][] heldOut, int[][] evaluated) {

    /** The seed of the order whose folds members {@code cycle * F .. cycle * F + F - 1} hold out. */
    private static long cycleSeed(long seed, int cycle) {
        return seed * 7_919L + 104_723L * cycle + 1;
    }

    /** Folds of the fixed rows and of the pool, each member one fold; the evaluated rows keep the training's mix. */
    static MemberFolds of(EnsembleFit.Rows rows, int count, double validation, long seed) {
        int n = rows.size();
        int fixed = rows.fixed();
        int pool = n - fixed;
        int folds = Math.max(2, (int) Math.round(1 / validation));
        boolean holdOut = fixed >= 20;
        int fixedFold = holdOut ? fixed / folds : 0;
        int poolFold = holdOut ? pool / folds : 0;
        int[][] trainFixed = new int[count][];
        int[][] trainPool = new int[count][];
        int[][] heldOut = new int[count][];
        int[][] evaluated = new int[count][];
        int[] fixedOrder = null;
        int[] poolOrder = null;
        for (int m = 0; m < count; m++) {
            int fold = m % folds;
            if (fold == 0) {
                Random r = new Random(cycleSeed(seed, m / folds));
                fixedOrder = Shuffling.shuffled(fixed, r);
                poolOrder = Shuffling.shuffled(pool, r);
                for (int i = 0; i < pool; i++) {
                    poolOrder[i] += fixed;
                }
            }
            int[] heldFixed = Arrays.copyOfRange(fixedOrder, fold * fixedFold, (fold + 1) * fixedFold);
            int[] heldPool = Arrays.copyOfRange(poolOrder, fold * poolFold, (fold + 1) * poolFold);
            trainFixed[m] = without(fixedOrder, fold * fixedFold, fixedFold);
            trainPool[m] = without(poolOrder, fold * poolFold, poolFold);
            heldOut[m] = concat(heldFixed, heldPool);
            if (holdOut) {
                int poolShown = Math.min(heldPool.length, (int) Math.round(heldFixed.length * rows.poolPerFixed()));
                evaluated[m] = concat(heldFixed, Arrays.copyOf(heldPool, poolShown));
            } else { // too few songs to hold any out: early stopping watches the training songs
                int poolShown = Math.min(pool, (int) Math.round(fixed * rows.poolPerFixed()));
                evaluated[m] = concat(trainFixed[m], Arrays.copyOf(trainPool[m], poolShown));
                heldOut[m] = new int[0];
            }
        }
        return new MemberFolds(trainFixed, trainPool, heldOut, evaluated);
    }

    private static int[] without(int[] order, int from, int length) {
        int[] out = new int[order.length - length];
        System.arraycopy(order, 0, out, 0, from);
        System.arraycopy(order, from + length, out, from, order.length - from - length);
        return out;
    }

    private static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
