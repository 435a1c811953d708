package dev.vibe.ml.net;

import dev.vibe.ml.data.BackgroundSongs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What is fitted on the songs the ensemble's members held out (each song scored by the mean of the members that did
 * not train on it): the calibration of each output ({@link Calibrations}) and the "fits none" threshold.
 */
final class CalibrationFit {

    private CalibrationFit() {
    }

    /** Per row, the mean of the probabilities of the members that held it out (null where none did). */
    static double[][] heldOutMeans(EnsembleFit.Fit fit, EnsembleFit.Rows rows) {
        int n = rows.size();
        int c = rows.outputs();
        double[][] sum = new double[n][];
        int[] count = new int[n];
        for (int m = 0; m < fit.members().size(); m++) {
            for (int i : fit.heldOut()[m]) {
                double[] p = DenseLayer.forward(fit.members().get(m), rows.x()[i]);
                if (sum[i] == null) {
                    sum[i] = new double[c];
                }
                for (int j = 0; j < c; j++) {
                    sum[i][j] += p[j];
                }
                count[i]++;
            }
        }
        for (int i = 0; i < n; i++) {
            if (sum[i] != null) {
                for (int j = 0; j < c; j++) {
                    sum[i][j] /= count[i];
                }
            }
        }
        return sum;
    }

    /**
     * The held-out rows that make the reference mix ({@link BackgroundSongs#REFERENCE_PER_SONG}): every held-out playlist
     * song (rows before {@code playlists}) and that many held-out background songs per one, spread over them.
     */
    static boolean[] referenceMix(double[][] heldOutMean, int playlists) {
        boolean[] in = new boolean[heldOutMean.length];
        List<Integer> background = new ArrayList<>();
        int songs = 0;
        for (int i = 0; i < heldOutMean.length; i++) {
            if (heldOutMean[i] != null) {
                if (i < playlists) {
                    in[i] = true;
                    songs++;
                } else {
                    background.add(i);
                }
            }
        }
        boolean[] taken = BackgroundSongs.reference(songs, background.size());
        for (int j = 0; j < taken.length; j++) {
            in[background.get(j)] = taken[j];
        }
        return in;
    }

    /**
     * Calibration per output, {scale[], shift[]}, fitted on held-out predictions (each song scored by the mean of the
     * members that held it out): the fit minimises the cross-entropy of sigmoid(scale * logit(p) + shift) against the
     * song's labels, over the songs the output learns from (the conditional ones over the playlists' songs, the others
     * over the playlists' and the background songs of the reference mix: {@link #referenceMix}).
     */
    static double[][] calibration(VibeNetOptions.Calibration how, double[][] heldOutMean, boolean[] reference, EnsembleFit.Rows rows) {
        int c = rows.outputs();
        double[][] out = {ones(c), new double[c]};
        if (how == VibeNetOptions.Calibration.NONE) {
            return out;
        }
        for (int j = 0; j < c; j++) {
            List<double[]> pairs = new ArrayList<>(); // {logit of the held-out probability, label}
            for (int i = 0; i < rows.size(); i++) {
                if (heldOutMean[i] != null && reference[i] && rows.mask(i, j) > 0) {
                    pairs.add(new double[]{VibeNet.logit(heldOutMean[i][j]), rows.target()[i][j]});
                }
            }
            if (pairs.size() < 20) {
                continue;
            }
            if (how == VibeNetOptions.Calibration.TEMPERATURE) {
                out[0][j] = 1 / Calibrations.bestTemperature(pairs);
            } else {
                double[] ab = Calibrations.platt(pairs);
                out[0][j] = ab[0];
                out[1][j] = ab[1];
            }
        }
        return out;
    }

    /**
     * The threshold on the best absolute chance below which a song fits none of the playlists: the one that best tells
     * held-out playlist songs (rows before {@code playlists}) from held-out background songs, judged by members that did
     * not train on them, by F1 of "fits some playlist" (the playlist songs the positives). F1 counts the background songs
     * wrongly said to fit as they come, one in eleven songs a playlist song; a balanced rule (Youden's J), or "nine in ten
     * of the playlists' own songs fit", put the threshold at a few percent, where hardly any song fits none. 0.5 without
     * both kinds of songs.
     */
    static double fitsNoneThreshold(double[] best, int playlists) {
        List<double[]> scored = new ArrayList<>(); // {score, 1 = playlist song}
        int pos = 0;
        for (int i = 0; i < best.length; i++) {
            if (!Double.isNaN(best[i])) {
                scored.add(new double[]{best[i], i < playlists ? 1 : 0});
                pos += i < playlists ? 1 : 0;
            }
        }
        if (pos == 0 || pos == scored.size()) {
            return 0.5;
        }
        scored.sort((a, b) -> Double.compare(b[0], a[0]));
        double bestF1 = -1;
        double threshold = 0.5;
        int tp = 0;
        int fp = 0;
        for (int i = 0; i < scored.size(); i++) {
            if (scored.get(i)[1] > 0) {
                tp++;
            } else {
                fp++;
            }
            boolean tie = i + 1 < scored.size() && scored.get(i + 1)[0] == scored.get(i)[0];
            if (!tie) {
                double f1 = 2.0 * tp / (2.0 * tp + fp + (pos - tp));
                if (f1 > bestF1) {
                    bestF1 = f1;
                    double next = i + 1 < scored.size() ? scored.get(i + 1)[0] : 0;
                    threshold = (scored.get(i)[0] + next) / 2; // midway to the next lower score
                }
            }
        }
        return threshold;
    }

    static double[] ones(int k) {
        double[] t = new double[k];
        Arrays.fill(t, 1);
        return t;
    }
}
