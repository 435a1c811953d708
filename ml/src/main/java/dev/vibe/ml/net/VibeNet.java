package dev.vibe.ml.net;

import dev.vibe.common.model.FeatureEncoding;
import dev.vibe.ml.encoding.QuantileEncoding;

import java.util.List;

/**
 * The served vibe model as plain numbers: the quantile encoding, one or more member networks (dense layers, ReLU
 * between them, a sigmoid per output), the mean of the members' probabilities, then per output a calibration
 * {@code q = sigmoid(scale_j * logit(mean) + shift_j)} (a temperature is scale 1/T, shift 0), then the two views. This
 * is exactly what the ONNX graph computes.
 *
 * <p>A network for K playlists has 2K + 1 outputs ({@link #columns}): for each playlist the chance that a song belongs
 * on it against the whole world (trained on the playlists' songs and background songs: "absolute"), for each playlist
 * the chance given that the song is on one of the playlists (trained on the playlists' songs only: "conditional"), and
 * the chance that the song is on any of them ("any"). The absolute view of playlist k is the absolute output, the
 * product any x conditional, or their mean ({@link Combination}).
 *
 * @param encoding        the network's input encoding (fitted on the training songs)
 * @param standardisation mean and std of the training songs: the space of the explanations (slope per std,
 *                        nearest songs), carried in the model's metadata
 * @param members         each member's layers, input to output ({@code w[out][in]})
 * @param scale           calibration slope per output (1 and shift 0 = uncalibrated)
 * @param shift           calibration intercept per output
 * @param combination     how the absolute view is made of the calibrated outputs
 */
public record VibeNet(QuantileEncoding encoding, FeatureEncoding standardisation, List<List<DenseLayer>> members, double[] scale,
                      double[] shift, Combination combination) {

    /** Probabilities are clipped to this distance from 0 and 1 before the calibrating logit. */
    public static final double EPS = 1e-7;

    /** How the absolute chance of playlist k is made. */
    public enum Combination {
        /** the absolute output */
        DIRECT,
        /** any x conditional_k: p(on k) = p(on one of them) p(k | on one of them) */
        FACTORISED,
        /** the mean of the two */
        MEAN
    }

    /** A song's two views: the absolute chance per playlist (against the world) and the chance given it is on one of them. */
    public record Probabilities(double[] absolute, double[] conditional) {
    }

    /** Which output is which, for K playlists. */
    public static final class Columns {
        private Columns() {
        }

        /** Outputs of a network for {@code playlists} playlists. */
        public static int width(int playlists) {
            return 2 * playlists + 1;
        }

        public static int absolute(int k) {
            return k;
        }

        public static int conditional(int playlists, int k) {
            return playlists + k;
        }

        public static int any(int playlists) {
            return 2 * playlists;
        }

        /** Playlists of a network with {@code outputs} outputs. */
        public static int playlists(int outputs) {
            return (outputs - 1) / 2;
        }
    }

    public VibeNet withCombination(Combination how) {
        return new VibeNet(encoding, standardisation, members, scale, shift, how);
    }

    /** The network's outputs (2K + 1). */
    public int outputs() {
        List<DenseLayer> m = members.get(0);
        return m.get(m.size() - 1).outputs();
    }

    /** K: the playlists. */
    public int playlists() {
        return Columns.playlists(outputs());
    }

    /** Both views of one raw song (13 values, schema order, NaN for a missing time signature). */
    public Probabilities predict(double[] raw) {
        return views(calibrate(meanOfMembers(encoding.encode(raw))));
    }

    /** The absolute view of each song: [song][playlist]. */
    public double[][] absolute(double[][] raw) {
        double[][] out = new double[raw.length][];
        for (int i = 0; i < raw.length; i++) {
            out[i] = predict(raw[i]).absolute();
        }
        return out;
    }

    /** The conditional view of each song: [song][playlist]. */
    public double[][] conditional(double[][] raw) {
        double[][] out = new double[raw.length][];
        for (int i = 0; i < raw.length; i++) {
            out[i] = predict(raw[i]).conditional();
        }
        return out;
    }

    /** The two views from calibrated outputs. */
    public Probabilities views(double[] q) {
        int k = Columns.playlists(q.length);
        double[] absolute = new double[k];
        double[] conditional = new double[k];
        double any = q[Columns.any(k)];
        for (int j = 0; j < k; j++) {
            conditional[j] = q[Columns.conditional(k, j)];
            double factorised = any * conditional[j];
            absolute[j] = switch (combination) {
                case DIRECT -> q[Columns.absolute(j)];
                case FACTORISED -> factorised;
                case MEAN -> (q[Columns.absolute(j)] + factorised) / 2;
            };
        }
        return new Probabilities(absolute, conditional);
    }

    /** The members' mean probability per output before calibration, for an encoded song. */
    double[] meanOfMembers(float[] x) {
        double[] mean = new double[outputs()];
        for (List<DenseLayer> member : members) {
            double[] p = DenseLayer.forward(member, x);
            for (int j = 0; j < mean.length; j++) {
                mean[j] += p[j] / members.size();
            }
        }
        return mean;
    }

    double[] calibrate(double[] mean) {
        double[] out = new double[mean.length];
        for (int j = 0; j < mean.length; j++) {
            out[j] = calibrate(mean[j], scale[j], shift[j]);
        }
        return out;
    }

    static double calibrate(double p, double scale, double shift) {
        return 1 / (1 + Math.exp(-(scale * logit(p) + shift)));
    }

    static double logit(double p) {
        double q = Math.min(1 - EPS, Math.max(EPS, p));
        return Math.log(q / (1 - q));
    }

    /** Multiply-adds per song in the served graph (first layer over the encoding's segments). */
    public long multiplyAddsPerSong() {
        int segments = encoding.grids().stream().mapToInt(QuantileEncoding.Grid::segments).sum() + 1 + 4; // mode, time signature fills at 2..5
        long total = 0;
        for (List<DenseLayer> member : members) {
            total += (long) segments * member.get(0).outputs();
            for (int l = 1; l < member.size(); l++) {
                total += (long) member.get(l).inputs() * member.get(l).outputs();
            }
        }
        return total;
    }
}
