package dev.vibe.ml;

import ai.djl.Device;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.training.ParameterStore;
import dev.vibe.common.model.FeatureEncoding;
import dev.vibe.common.schema.Feature;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Trains the vibe network: the encoding and the targets of each output ({@link VibeNet.Columns}) from the playlists'
 * songs and the background songs, the ensemble ({@link EnsembleFit}), the calibration of each output on the songs the
 * members held out, and what is served: one network distilled from the ensemble, or some of its members.
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
        VibeNet members = new VibeNet(encoding, standardisation, fit.members(), ones(outputs), new double[outputs], o.openSet().combination());
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
        double[][] heldOutMean = heldOutMeans(e.fit(), e.rows());
        boolean[] reference = referenceMix(heldOutMean, e.playlists());
        double[][] calibration = calibration(o.calibration(), heldOutMean, reference, e.rows());
        VibeNet network;
        if (o.serve() == VibeNetOptions.Serve.DISTILLED) {
            network = distil(e, o, calibration, forest);
        } else {
            List<List<Network.Layer>> served = ensemble.members().subList(0, Math.min(o.servedMembers(), ensemble.members().size()));
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
        double threshold = fitsNoneThreshold(best, e.playlists());
        return new Result(network, ensemble, e.fit().epochs(), e.fit().bestEpochs(), e.millis() + (System.nanoTime() - t0) / 1_000_000, heldOut,
                threshold, e.timeSignatureUsed());
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

    /**
     * One network trained on the ensemble's mean probabilities (soft targets, unweighted cross-entropy) over the
     * playlist songs, synthetic songs between them and the background songs, with its own encoding; the ensemble's
     * calibration applies.
     */
    static VibeNet distil(Ensemble e, VibeNetOptions o, double[][] calibration, RandomForest forest) {
        VibeNetOptions.Student st = o.student();
        Random random = new Random(o.seed() + 104_729);
        int p = e.playlists();
        int background = e.raw().length - p;
        int synthetic = p * st.synthetic();
        double[][] songs = new double[p + synthetic + background][];
        System.arraycopy(e.raw(), 0, songs, 0, p);
        for (int i = p; i < p + synthetic; i++) {
            double[] song = e.raw()[random.nextInt(p)].clone();
            double[] other = e.raw()[random.nextInt(p)];
            for (Feature f : FeatureEncoding.CONTINUOUS) {
                if (random.nextDouble() < 0.3) {
                    song[f.index()] = other[f.index()];
                }
            }
            songs[i] = song;
        }
        System.arraycopy(e.raw(), p, songs, p + synthetic, background);
        VibeNet teacher = e.members();
        float[][] soft = toFloat(meanWithDjl(teacher.members(), teacher.encoding().encode(songs)));
        int k = teacher.playlists();
        if (forest != null && st.forestShare() > 0) {
            double[][] f = forest.predict(songs);
            double share = st.forestShare();
            for (int i = 0; i < songs.length; i++) {
                for (int j = 0; j < k; j++) {
                    int c = VibeNet.Columns.conditional(k, j);
                    soft[i][c] = (float) ((1 - share) * soft[i][c] + share * f[i][j]);
                }
            }
        }
        QuantileEncoding encoding = QuantileEncoding.fit(e.encoded(), st.quantiles(), teacher.encoding().ramps(), teacher.encoding().timeSignature());
        VibeNetOptions so = new VibeNetOptions(1, st.hidden(), 0.1f, st.quantiles(), teacher.encoding().ramps(), Math.min(st.maxEpochs(), o.maxEpochs()),
                o.patience(), o.validation(), st.batchSize(), st.learningRate(), o.weightDecay(), o.maxPositiveWeight(), VibeNetOptions.Serve.MEMBERS, 1,
                VibeNetOptions.Calibration.NONE, st, o.openSet(), o.seed() + 7919);
        double perFixed = background == 0 ? 0 : o.openSet().studentBackgroundPerSong() / (1 + st.synthetic());
        EnsembleFit.Rows rows = new EnsembleFit.Rows(encoding.encode(songs), soft, null, null, p + synthetic, perFixed);
        EnsembleFit.Fit student = EnsembleFit.fit(rows, 1, so, so.seed(), TrainingProgress.NONE);
        return new VibeNet(encoding, teacher.standardisation(), student.members(), calibration[0], calibration[1], o.openSet().combination());
    }

    /** Per row, the mean of the probabilities of the members that held it out (null where none did). */
    static double[][] heldOutMeans(EnsembleFit.Fit fit, EnsembleFit.Rows rows) {
        int n = rows.size();
        int c = rows.outputs();
        double[][] sum = new double[n][];
        int[] count = new int[n];
        for (int m = 0; m < fit.members().size(); m++) {
            for (int i : fit.heldOut()[m]) {
                double[] p = VibeNet.forward(fit.members().get(m), rows.x()[i]);
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
     * Calibration per output, {scale[], shift[]}, fitted on held-out predictions (each song scored by the mean of the
     * members that held it out): the fit minimises the cross-entropy of sigmoid(scale * logit(p) + shift) against the
     * song's labels, over the songs the output learns from (the conditional ones over the playlists' songs, the others
     * over the playlists' and the background songs of the reference mix: {@link #referenceMix}).
     */
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

    static double[] ones(int k) {
        double[] t = new double[k];
        Arrays.fill(t, 1);
        return t;
    }

    private static float[][] toFloat(double[][] d) {
        float[][] f = new float[d.length][];
        for (int i = 0; i < d.length; i++) {
            f[i] = new float[d[i].length];
            for (int j = 0; j < d[i].length; j++) {
                f[i][j] = (float) d[i][j];
            }
        }
        return f;
    }

    /** The served views computed by DJL itself (for checking the ONNX export against the engine). */
    public static VibeNet.Probabilities[] predictWithDjl(VibeNet net, double[][] raw) {
        double[][] mean = meanWithDjl(net.members(), net.encoding().encode(raw));
        VibeNet.Probabilities[] out = new VibeNet.Probabilities[raw.length];
        for (int i = 0; i < raw.length; i++) {
            out[i] = net.views(net.calibrate(mean[i]));
        }
        return out;
    }

    /** The members' mean probability per output for encoded songs, computed by DJL as one batched block. */
    static double[][] meanWithDjl(List<List<Network.Layer>> members, float[][] x) {
        int count = members.size();
        List<Integer> widths = new ArrayList<>();
        widths.add(members.get(0).get(0).inputs());
        members.get(0).forEach(l -> widths.add(l.outputs()));
        StackedMembers block = new StackedMembers(count, widths, 0);
        int d = widths.get(0);
        int k = widths.get(widths.size() - 1);
        try (Model model = Model.newInstance("vibenet-forward", Device.cpu(), TorchEngine.name()); NDManager manager = model.getNDManager().newSubManager()) {
            model.setBlock(block);
            block.initialize(manager, DataType.FLOAT32, new Shape(count, 1, d));
            block.load(members);
            // the same songs for every member: [1, n, d] broadcasts against [member, d, out]
            float[] flat = new float[x.length * d];
            for (int i = 0; i < x.length; i++) {
                System.arraycopy(x[i], 0, flat, i * d, d);
            }
            NDArray z = block.forward(new ParameterStore(manager, false), new NDList(manager.create(flat, new Shape(1, x.length, d))), false)
                    .singletonOrThrow();
            float[] p = Activation.sigmoid(z).mean(new int[]{0}).toFloatArray();
            double[][] out = new double[x.length][k];
            for (int i = 0; i < x.length; i++) {
                for (int j = 0; j < k; j++) {
                    out[i][j] = p[i * k + j];
                }
            }
            return out;
        }
    }
}
