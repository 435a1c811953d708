package dev.vibe.ml.net;

import ai.djl.nn.core.Linear;
import dev.vibe.common.model.FeatureEncoding;
import dev.vibe.ml.baseline.RandomForest;
import dev.vibe.ml.data.LabeledSongs;
import dev.vibe.ml.data.MissingValues;
import dev.vibe.ml.encoding.QuantileEncoding;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Trains the served network ({@link VibeNet}), start to end: the encoding and the targets of each output
 * ({@link VibeNet.Columns}) from the playlists' songs and the background songs, the ensemble ({@link EnsembleFit}), the
 * calibration of each output and the "fits none" threshold on the songs the members held out ({@link CalibrationFit}),
 * and what is served: one network distilled from the ensemble ({@link Distillation}), or some of its members.
 *
 * <p>Member: Linear-ReLU-Dropout-Linear-ReLU-Dropout-Linear, one logit per output. Outputs and their songs:
 * absolute_k learns from every song (on playlist k: 1, else 0, background songs 0), conditional_k from the playlists'
 * songs only, any from every song (on a playlist: 1, background: 0). Each output's positives are weighted by
 * neg/pos (capped) as a member sees them in an epoch.
 */
public final class VibeNetTrainer {

    private VibeNetTrainer() {
    }

    /**
     * The served model and how training went.
     *
     * @param ensemble      all trained members (uncalibrated): the reference the served model is measured against
     * @param bestEpochs    each member's best epoch
     * @param heldOut       per playlist song (in the order of the training data), both views by the members that did not
     *                      train on it (calibrated); null for a song every member trained on
     * @param fitsNoneBelow a song fits none of the playlists when its best absolute chance is below this: the threshold
     *                      that best tells the held-out playlist songs from the held-out background songs (highest F1)
     * @param timeSignatureUsed false when the songs could not teach time signature (see {@link MissingValues})
     */
    public record Result(VibeNet network, VibeNet ensemble, int epochs, int[] bestEpochs, long millis, VibeNet.Probabilities[] heldOut,
                         double fitsNoneBelow, boolean timeSignatureUsed) {
    }

    /**
     * The trained ensemble before anything is chosen for serving.
     *
     * @param raw       the rows as trained on (the playlists' songs first, then the background songs; time signatures
     *                  hidden as {@link MissingValues} says)
     * @param playlists how many of the rows are playlist songs
     * @param encoded   the rows the encoding's quantiles were fitted on
     */
    public record Ensemble(VibeNet members, EnsembleFit.Fit fit, EnsembleFit.Rows rows, double[][] raw, int playlists, List<double[]> encoded,
                           boolean timeSignatureUsed, long millis) {
    }

    public static Result train(LabeledSongs data, List<LabeledSongs.Listed> background, VibeNetOptions o, TrainingProgress progress) {
        return serve(ensemble(data, background, o, progress), o, null);
    }

    /** Fits the encoding and trains all members together. */
    public static Ensemble ensemble(LabeledSongs data, List<LabeledSongs.Listed> background, VibeNetOptions o, TrainingProgress progress) {
        long t0 = System.nanoTime();
        int k = data.width();
        int p = data.size();
        int n = p + background.size();
        double[][] given = new double[n][];
        int[] group = new int[n];
        for (int i = 0; i < p; i++) {
            LabeledSongs.Song s = data.songs().get(i);
            given[i] = s.features();
            group[i] = firstPlaylist(s.labels());
        }
        for (int i = p; i < n; i++) {
            given[i] = background.get(i - p).features();
            group[i] = k;
        }
        MissingValues.Prepared eq = MissingValues.forTraining(given, group, k + 1, o.seed());
        double[][] raw = eq.raw();
        List<double[]> encoded = encodingRows(raw, p, o.openSet().encodeBackground());
        QuantileEncoding encoding = QuantileEncoding.fit(encoded, o.quantiles(), o.ramps(), eq.timeSignatureUsed());
        FeatureEncoding standardisation = FeatureEncoding.fit(data.features());
        int outputs = VibeNet.Columns.width(k);
        float[][] target = new float[n][outputs];
        float[][] mask = new float[n][outputs];
        for (int i = 0; i < n; i++) {
            boolean[] labels = i < p ? data.songs().get(i).labels() : new boolean[k];
            for (int j = 0; j < k; j++) {
                target[i][VibeNet.Columns.absolute(j)] = labels[j] ? 1 : 0;
                target[i][VibeNet.Columns.conditional(k, j)] = labels[j] ? 1 : 0;
                mask[i][VibeNet.Columns.absolute(j)] = 1;
                mask[i][VibeNet.Columns.conditional(k, j)] = i < p ? 1 : 0;
            }
            target[i][VibeNet.Columns.any(k)] = i < p ? 1 : 0;
            mask[i][VibeNet.Columns.any(k)] = 1;
        }
        double perSong = background.isEmpty() ? 0 : o.openSet().backgroundPerSong();
        EnsembleFit.Rows rows = new EnsembleFit.Rows(encoding.encode(raw), target, mask, positiveWeights(data, background.size(), perSong, o.maxPositiveWeight(),
                o.openSet().maxWorldPositiveWeight()),
                p, perSong);
        EnsembleFit.Fit fit = EnsembleFit.fit(rows, o.members(), o, o.seed(), progress);
        VibeNet members = new VibeNet(encoding, standardisation, fit.members(), CalibrationFit.ones(outputs), new double[outputs], o.openSet().combination());
        return new Ensemble(members, fit, rows, raw, p, encoded, eq.timeSignatureUsed(), (System.nanoTime() - t0) / 1_000_000);
    }

    /** The playlists' songs, and with {@code withBackground} as many background songs spread over all of them. */
    private static List<double[]> encodingRows(double[][] raw, int playlists, boolean withBackground) {
        List<double[]> rows = new ArrayList<>(Arrays.asList(raw).subList(0, playlists));
        int background = raw.length - playlists;
        if (withBackground && background > 0) {
            int take = Math.min(background, playlists);
            for (int j = 0; j < take; j++) {
                rows.add(raw[playlists + (int) ((long) j * background / take)]);
            }
        }
        return rows;
    }

    private static int firstPlaylist(boolean[] labels) {
        for (int k = 0; k < labels.length; k++) {
            if (labels[k]) {
                return k;
            }
        }
        throw new IllegalArgumentException("a playlist song on no playlist");
    }

    /**
     * neg/pos of each output as a member sees it in an epoch (the background drawn at {@code perSong} per playlist
     * song), at least 1 and at most {@code cap} (the conditional outputs) or {@code worldCap} (the outputs against the
     * background).
     */
    static float[] positiveWeights(LabeledSongs data, int background, double perSong, double cap, double worldCap) {
        int k = data.width();
        int p = data.size();
        double shown = Math.min(background, perSong * p);
        int[] pos = data.positives();
        float[] w = new float[VibeNet.Columns.width(k)];
        for (int j = 0; j < k; j++) {
            w[VibeNet.Columns.absolute(j)] = ratio(p - pos[j] + shown, pos[j], worldCap);
            w[VibeNet.Columns.conditional(k, j)] = ratio(p - pos[j], pos[j], cap);
        }
        w[VibeNet.Columns.any(k)] = ratio(shown, p, worldCap);
        return w;
    }

    private static float ratio(double negatives, double positives, double cap) {
        return (float) (positives == 0 ? 1 : Math.max(1, Math.min(cap, negatives / positives)));
    }

    /** What gets served from a trained ensemble: as {@link #serve(Ensemble, VibeNetOptions, RandomForest)} without a forest. */
    public static Result serve(Ensemble e, VibeNetOptions o) {
        return serve(e, o, null);
    }

    /**
     * What gets served from a trained ensemble ({@link VibeNetOptions#serve()}, calibration), as one network; a forest
     * (trained on the same playlist songs) teaches the student its share of the conditional outputs
     * ({@link VibeNetOptions.Student#forestShare()}).
     */
    public static Result serve(Ensemble e, VibeNetOptions o, RandomForest forest) {
        long t0 = System.nanoTime();
        VibeNet ensemble = e.members().withCombination(o.openSet().combination());
        double[][] heldOutMean = CalibrationFit.heldOutMeans(e.fit(), e.rows());
        boolean[] reference = CalibrationFit.referenceMix(heldOutMean, e.playlists());
        double[][] calibration = CalibrationFit.calibration(o.calibration(), heldOutMean, reference, e.rows());
        VibeNet network;
        if (o.serve() == VibeNetOptions.Serve.DISTILLED) {
            network = Distillation.distil(e, o, calibration, forest);
        } else {
            List<List<DenseLayer>> served = ensemble.members().subList(0, Math.min(o.servedMembers(), ensemble.members().size()));
            network = new VibeNet(ensemble.encoding(), ensemble.standardisation(), List.copyOf(served), calibration[0], calibration[1],
                    o.openSet().combination());
        }
        VibeNet.Probabilities[] heldOut = new VibeNet.Probabilities[e.playlists()];
        double[] best = new double[e.rows().size()];
        Arrays.fill(best, Double.NaN);
        for (int i = 0; i < e.rows().size(); i++) {
            if (heldOutMean[i] != null) {
                VibeNet.Probabilities v = network.views(network.calibrate(heldOutMean[i]));
                best[i] = reference[i] ? Arrays.stream(v.absolute()).max().orElse(0) : Double.NaN;
                if (i < e.playlists()) {
                    heldOut[i] = v;
                }
            }
        }
        double threshold = CalibrationFit.fitsNoneThreshold(best, e.playlists());
        return new Result(network, ensemble, e.fit().epochs(), e.fit().bestEpochs(), e.millis() + (System.nanoTime() - t0) / 1_000_000, heldOut,
                threshold, e.timeSignatureUsed());
    }
}
