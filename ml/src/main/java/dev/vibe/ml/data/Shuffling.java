package dev.vibe.ml.data;

import java.util.Random;

/** Seeded orders of rows: the one shuffle every split, fold and forest draws its rows by. */
public final class Shuffling {

    private Shuffling() {
    }

    /** 0..n-1 in a random order (Fisher-Yates, drawn from {@code random}). */
    public static int[] shuffled(int n, Random random) {
        int[] idx = new int[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = idx[i];
            idx[i] = idx[j];
            idx[j] = t;
        }
        return idx;
    }
}
