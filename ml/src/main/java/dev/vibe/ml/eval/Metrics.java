package dev.vibe.ml.eval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.ToDoubleFunction;

/**
 * Multi-label quality of probabilities against true playlists.
 *
 * @param top1Accuracy share of songs whose most probable playlist is one of their playlists
 * @param macroF1      mean over playlists of F1 at threshold 0.5
 * @param macroRocAuc  mean over playlists (with positives and negatives) of ROC-AUC
 * @param logLoss      mean binary cross-entropy over songs and playlists
 * @param expectedCalibrationError mean over playlists of each playlist's expected calibration error: over
 *                     {@value #BINS} equal-width probability bins, the song-weighted mean of |mean probability -
 *                     share of the bin's songs that are on the playlist| (0 = the probabilities mean what they say)
 */
public record Metrics(int songs, double top1Accuracy, double macroF1, double macroRocAuc, double logLoss, List<PerPlaylist> playlists,
                      double expectedCalibrationError) {

    /** Reliability bins per playlist. */
    public static final int BINS = 10;

    /**
     * One playlist's figures.
     *
     * @param reliability the {@value #BINS} probability bins: how many songs fell in each, their mean probability and
     *                    how many of them really are on the playlist
     */
    public record PerPlaylist(String name, int positives, double precision, double recall, double f1, double rocAuc, double logLoss,
                              double calibrationError, List<Bin> reliability) {
    }

    /** Songs whose probability lies in [from, to): their count, mean probability and observed share on the playlist. */
    public record Bin(double from, double to, int songs, double meanProbability, double observedRate) {
    }

    public static Metrics of(List<String> names, double[][] p, boolean[][] y) {
        int n = p.length;
        int k = names.size();
        int top1 = 0;
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < k; j++) {
                if (p[i][j] > p[i][best]) {
                    best = j;
                }
            }
            if (y[i][best]) {
                top1++;
            }
        }
        List<PerPlaylist> per = new ArrayList<>();
        double sumLoss = 0;
        for (int j = 0; j < k; j++) {
            int tp = 0;
            int fp = 0;
            int fn = 0;
            int pos = 0;
            double loss = 0;
            double[] scores = new double[n];
            boolean[] labels = new boolean[n];
            int[] binSongs = new int[BINS];
            double[] binProbability = new double[BINS];
            int[] binPositives = new int[BINS];
            for (int i = 0; i < n; i++) {
                int bin = Math.min(BINS - 1, Math.max(0, (int) (p[i][j] * BINS)));
                binSongs[bin]++;
                binProbability[bin] += p[i][j];
                binPositives[bin] += y[i][j] ? 1 : 0;
                boolean predicted = p[i][j] >= 0.5;
                if (y[i][j]) {
                    pos++;
                    if (predicted) {
                        tp++;
                    } else {
                        fn++;
                    }
                } else if (predicted) {
                    fp++;
                }
                double q = Math.min(1 - 1e-7, Math.max(1e-7, p[i][j]));
                loss += y[i][j] ? -Math.log(q) : -Math.log(1 - q);
                scores[i] = p[i][j];
                labels[i] = y[i][j];
            }
            sumLoss += loss;
            double precision = tp + fp == 0 ? 0 : (double) tp / (tp + fp);
            double recall = tp + fn == 0 ? 0 : (double) tp / (tp + fn);
            double f1 = precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall);
            per.add(new PerPlaylist(names.get(j), pos, precision, recall, f1, rocAuc(scores, labels), n == 0 ? Double.NaN : loss / n,
                    Double.NaN, bins(binSongs, binProbability, binPositives)));
        }
        per = per.stream().map(Metrics::withCalibrationError).toList();
        double macroF1 = per.stream().mapToDouble(PerPlaylist::f1).average().orElse(Double.NaN);
        double macroAuc = per.stream().mapToDouble(PerPlaylist::rocAuc).filter(d -> !Double.isNaN(d)).average().orElse(Double.NaN);
        return new Metrics(n, n == 0 ? Double.NaN : (double) top1 / n, macroF1, macroAuc, n == 0 ? Double.NaN : sumLoss / ((double) n * k), per,
                meanCalibrationError(per));
    }

    private static List<Bin> bins(int[] songs, double[] probability, int[] positives) {
        List<Bin> bins = new ArrayList<>(BINS);
        for (int b = 0; b < BINS; b++) {
            bins.add(new Bin((double) b / BINS, (double) (b + 1) / BINS, songs[b],
                    songs[b] == 0 ? Double.NaN : probability[b] / songs[b], songs[b] == 0 ? Double.NaN : (double) positives[b] / songs[b]));
        }
        return bins;
    }

    /** The song-weighted mean gap between mean probability and observed share over a playlist's bins. */
    private static PerPlaylist withCalibrationError(PerPlaylist p) {
        int n = p.reliability().stream().mapToInt(Bin::songs).sum();
        double ece = n == 0 ? Double.NaN : p.reliability().stream().filter(b -> b.songs() > 0)
                .mapToDouble(b -> b.songs() * Math.abs(b.meanProbability() - b.observedRate())).sum() / n;
        return new PerPlaylist(p.name(), p.positives(), p.precision(), p.recall(), p.f1(), p.rocAuc(), p.logLoss(), ece, p.reliability());
    }

    private static double meanCalibrationError(List<PerPlaylist> per) {
        return per.stream().mapToDouble(PerPlaylist::calibrationError).filter(d -> !Double.isNaN(d)).average().orElse(Double.NaN);
    }

    /** ROC-AUC by ranks (Mann-Whitney U, ties averaged); NaN when a class is absent. */
    static double rocAuc(double[] scores, boolean[] labels) {
        int n = scores.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(scores[a], scores[b]));
        double[] ranks = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && scores[order[j + 1]] == scores[order[i]]) {
                j++;
            }
            double rank = (i + j) / 2.0 + 1;
            for (int t = i; t <= j; t++) {
                ranks[order[t]] = rank;
            }
            i = j + 1;
        }
        long pos = 0;
        double rankSum = 0;
        for (int i = 0; i < n; i++) {
            if (labels[i]) {
                pos++;
                rankSum += ranks[i];
            }
        }
        long neg = n - pos;
        if (pos == 0 || neg == 0) {
            return Double.NaN;
        }
        return (rankSum - pos * (pos + 1) / 2.0) / ((double) pos * neg);
    }

    /** The mean of several folds' metrics (per-playlist figures averaged by playlist). */
    public static Metrics mean(List<Metrics> folds) {
        int k = folds.get(0).playlists().size();
        List<PerPlaylist> per = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            int jj = j;
            per.add(new PerPlaylist(folds.get(0).playlists().get(j).name(),
                    folds.stream().mapToInt(m -> m.playlists().get(jj).positives()).sum(),
                    avg(folds, m -> m.playlists().get(jj).precision()), avg(folds, m -> m.playlists().get(jj).recall()),
                    avg(folds, m -> m.playlists().get(jj).f1()), avg(folds, m -> m.playlists().get(jj).rocAuc()),
                    avg(folds, m -> m.playlists().get(jj).logLoss()), Double.NaN, pooledBins(folds, jj)));
        }
        // the pooled bins of all folds give each playlist's calibration error over all held-out songs
        per = per.stream().map(Metrics::withCalibrationError).toList();
        return new Metrics(folds.stream().mapToInt(Metrics::songs).sum(), avg(folds, Metrics::top1Accuracy), avg(folds, Metrics::macroF1),
                avg(folds, Metrics::macroRocAuc), avg(folds, Metrics::logLoss), per, meanCalibrationError(per));
    }

    private static List<Bin> pooledBins(List<Metrics> folds, int playlist) {
        int[] songs = new int[BINS];
        double[] probability = new double[BINS];
        int[] positives = new int[BINS];
        for (Metrics m : folds) {
            List<Bin> bins = m.playlists().get(playlist).reliability();
            for (int b = 0; b < BINS; b++) {
                Bin bin = bins.get(b);
                if (bin.songs() > 0) {
                    songs[b] += bin.songs();
                    probability[b] += bin.meanProbability() * bin.songs();
                    positives[b] += (int) Math.round(bin.observedRate() * bin.songs());
                }
            }
        }
        return bins(songs, probability, positives);
    }

    private static double avg(List<Metrics> folds, ToDoubleFunction<Metrics> f) {
        return folds.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).average().orElse(Double.NaN);
    }
}
