package dev.vibe.ml;

import dev.vibe.common.model.FeatureEncoding;

import java.util.List;

/**
 * The served vibe model as plain numbers: the quantile encoding, one or more member networks (dense layers, ReLU
 * between them, a sigmoid per playlist), the mean of the members' probabilities, then per playlist a calibration
 * {@code p = sigmoid(scale_k * logit(mean) + shift_k)} (a temperature is scale 1/T, shift 0). This is exactly what
 * the ONNX graph computes.
 *
 * @param encoding        the network's input encoding (fitted on the training songs)
 * @param standardisation mean and std of the training songs: the space of the explanations (slope per std,
 *                        nearest songs), carried in the model's metadata
 * @param members         each member's layers, input to output ({@code w[out][in]})
 * @param scale           calibration slope per playlist (1 and shift 0 = uncalibrated)
 * @param shift           calibration intercept per playlist
 */
public record VibeNet(QuantileEncoding encoding, FeatureEncoding standardisation, List<List<Network.Layer>> members, double[] scale,
                      double[] shift) {

    /** Probabilities are clipped to this distance from 0 and 1 before the calibrating logit. */
    static final double EPS = 1e-7;

    public int outputs() {
        List<Network.Layer> m = members.get(0);
        return m.get(m.size() - 1).outputs();
    }

    /** Probabilities for one raw song (13 values, schema order, NaN for a missing time signature). */
    public double[] predict(double[] raw) {
        return calibrate(meanOfMembers(encoding.encode(raw)));
    }

    public double[][] predict(double[][] raw) {
        double[][] out = new double[raw.length][];
        for (int i = 0; i < raw.length; i++) {
            out[i] = predict(raw[i]);
        }
        return out;
    }

    /** The members' mean probability before calibration, for an encoded song. */
    double[] meanOfMembers(float[] x) {
        double[] mean = new double[outputs()];
        for (List<Network.Layer> member : members) {
            double[] p = forward(member, x);
            for (int k = 0; k < mean.length; k++) {
                mean[k] += p[k] / members.size();
            }
        }
        return mean;
    }

    double[] calibrate(double[] mean) {
        double[] out = new double[mean.length];
        for (int k = 0; k < mean.length; k++) {
            out[k] = calibrate(mean[k], scale[k], shift[k]);
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

    /** One member's sigmoid outputs. */
    static double[] forward(List<Network.Layer> layers, float[] x) {
        double[] a = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            a[i] = x[i];
        }
        for (int l = 0; l < layers.size(); l++) {
            Network.Layer layer = layers.get(l);
            double[] z = new double[layer.outputs()];
            for (int o = 0; o < z.length; o++) {
                double s = layer.b()[o];
                float[] row = layer.w()[o];
                for (int i = 0; i < row.length; i++) {
                    s += row[i] * a[i];
                }
                z[o] = l < layers.size() - 1 ? Math.max(0, s) : 1 / (1 + Math.exp(-s));
            }
            a = z;
        }
        return a;
    }

    /** Multiply-adds per song in the served graph (first layer over the encoding's segments). */
    public long multiplyAddsPerSong() {
        int segments = encoding.grids().stream().mapToInt(QuantileEncoding.Grid::segments).sum() + 1 + 4; // mode, time signature fills at 2..5
        long total = 0;
        for (List<Network.Layer> member : members) {
            total += (long) segments * member.get(0).outputs();
            for (int l = 1; l < member.size(); l++) {
                total += (long) member.get(l).inputs() * member.get(l).outputs();
            }
        }
        return total;
    }
}
