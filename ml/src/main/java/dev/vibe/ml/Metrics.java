package dev.vibe.ml;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Multi-label quality of probabilities against true playlists.
 *
 * @param top1Accuracy share of songs whose most probable playlist is one of their playlists
 * @param macroF1      mean over playlists of F1 at threshold 0.5
 * @param macroRocAuc  mean over playlists (with positives and negatives) of ROC-AUC
 * @param logLoss      mean binary cross-entropy over songs and playlists
 */
public record Metrics(int songs, double top1Accuracy, double macroF1, double macroRocAuc, double logLoss, List<PerPlaylist> playlists) {

    /** One playlist's figures. */
    public record PerPlaylist(String name, int positives, double precision, double recall, double f1, double rocAuc, double logLoss) {
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
            for (int i = 0; i < n; i++) {
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
            per.add(new PerPlaylist(names.get(j), pos, precision, recall, f1, rocAuc(scores, labels), n == 0 ? Double.NaN : loss / n));
        }
        double macroF1 = per.stream().mapToDouble(PerPlaylist::f1).average().orElse(Double.NaN);
        double macroAuc = per.stream().mapToDouble(PerPlaylist::rocAuc).filter(d -> !Double.isNaN(d)).average().orElse(Double.NaN);
        return new Metrics(n, n == 0 ? Double.NaN : (double) top1 / n, macroF1, macroAuc, n == 0 ? Double.NaN : sumLoss / ((double) n * k), per);
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
                    avg(folds, m -> m.playlists().get(jj).logLoss())));
        }
        return new Metrics(folds.stream().mapToInt(Metrics::songs).sum(), avg(folds, Metrics::top1Accuracy), avg(folds, Metrics::macroF1),
                avg(folds, Metrics::macroRocAuc), avg(folds, Metrics::logLoss), per);
    }

    private static double avg(List<Metrics> folds, java.util.function.ToDoubleFunction<Metrics> f) {
        return folds.stream().mapToDouble(f).filter(d -> !Double.isNaN(d)).average().orElse(Double.NaN);
    }
}
