package dev.vibe.ml.eval;

import dev.vibe.ml.data.BackgroundSongs;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How well absolute chances tell each playlist's own held-out songs from songs on none of the playlists ("others":
 * held-out background songs, or other songs of the listener).
 *
 * @param macroRocAuc            mean over playlists of the ROC-AUC of its own songs against the others
 * @param meanPrecisionAt20      mean over playlists of the share of its own songs among the {@value #TOP} songs (own and
 *                               others together) it gives the highest chance
 * @param othersClaimed          share of the others that some playlist gives more than 0.5
 * @param fitsNoneBelow          the "fits none" threshold on the best chance
 * @param playlistSongsFittingNone share of the playlists' songs whose best chance is below the threshold (missed)
 * @param othersFittingNone      share of the others whose best chance is below the threshold (rightly said to fit none)
 * @param expectedCalibrationError mean over playlists of the calibration error over its own songs and the others
 *                               together (the others as songs not on it), in the reference mix
 *                               ({@link BackgroundSongs#REFERENCE_PER_SONG} others per playlist song)
 */
public record OpenSetMetrics(int playlistSongs, int otherSongs, double macroRocAuc, double meanPrecisionAt20, double othersClaimed,
                             double fitsNoneBelow, double playlistSongsFittingNone, double othersFittingNone, double expectedCalibrationError,
                             List<PerPlaylist> playlists) {

    /** Songs counted in the precision at the top. */
    public static final int TOP = 20;

    /** One playlist's figures; {@code reliability} over the playlists' songs and the others together, in the reference mix. */
    public record PerPlaylist(String name, int songs, double rocAuc, double precisionAt20, double calibrationError, List<Metrics.Bin> reliability) {
    }

    /**
     * @param p      absolute chances of the playlists' songs [song][playlist]
     * @param y      their playlists
     * @param others absolute chances of the others
     */
    public static OpenSetMetrics of(List<String> names, double[][] p, boolean[][] y, double[][] others, double fitsNoneBelow) {
        int k = names.size();
        // calibration is measured on the mix the chances are calibrated for (BackgroundSongs.REFERENCE_PER_SONG)
        boolean[] reference = BackgroundSongs.reference(p.length, others.length);
        List<double[]> all = new ArrayList<>(Arrays.asList(p));
        List<boolean[]> labels = new ArrayList<>(Arrays.asList(y));
        for (int i = 0; i < others.length; i++) {
            if (reference[i]) {
                all.add(others[i]);
                labels.add(new boolean[k]);
            }
        }
        Metrics union = Metrics.of(names, all.toArray(double[][]::new), labels.toArray(boolean[][]::new));
        List<PerPlaylist> per = new ArrayList<>();
        for (int j = 0; j < k; j++) {
            List<Double> scores = new ArrayList<>();
            List<Boolean> own = new ArrayList<>();
            for (int i = 0; i < p.length; i++) {
                if (y[i][j]) {
                    scores.add(p[i][j]);
                    own.add(true);
                }
            }
            int songs = scores.size();
            for (double[] o : others) {
                scores.add(o[j]);
                own.add(false);
            }
            double[] s = scores.stream().mapToDouble(Double::doubleValue).toArray();
            boolean[] l = new boolean[own.size()];
            for (int i = 0; i < l.length; i++) {
                l[i] = own.get(i);
            }
            Metrics.PerPlaylist u = union.playlists().get(j);
            per.add(new PerPlaylist(names.get(j), songs, Metrics.rocAuc(s, l), precisionAtTop(s, l, TOP), u.calibrationError(), u.reliability()));
        }
        int claimed = 0;
        int othersNone = 0;
        for (double[] o : others) {
            double best = Arrays.stream(o).max().orElse(0);
            claimed += best > 0.5 ? 1 : 0;
            othersNone += best < fitsNoneBelow ? 1 : 0;
        }
        int playlistNone = 0;
        for (double[] q : p) {
            playlistNone += Arrays.stream(q).max().orElse(0) < fitsNoneBelow ? 1 : 0;
        }
        return new OpenSetMetrics(p.length, others.length, mean(per.stream().mapToDouble(PerPlaylist::rocAuc).toArray()),
                mean(per.stream().mapToDouble(PerPlaylist::precisionAt20).toArray()), share(claimed, others.length), fitsNoneBelow,
                share(playlistNone, p.length), share(othersNone, others.length), union.expectedCalibrationError(), per);
    }

    /** The share of positives among the {@code top} highest scores (ties broken by order: positives last). */
    static double precisionAtTop(double[] scores, boolean[] positive, int top) {
        Integer[] order = new Integer[scores.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> scores[a] != scores[b] ? Double.compare(scores[b], scores[a]) : Boolean.compare(positive[a], positive[b]));
        int n = Math.min(top, order.length);
        int hits = 0;
        for (int i = 0; i < n; i++) {
            hits += positive[order[i]] ? 1 : 0;
        }
        return n == 0 ? Double.NaN : (double) hits / top;
    }

    private static double share(int count, int of) {
        return of == 0 ? Double.NaN : (double) count / of;
    }

    private static double mean(double[] v) {
        return Arrays.stream(v).filter(d -> !Double.isNaN(d)).average().orElse(Double.NaN);
    }
}
