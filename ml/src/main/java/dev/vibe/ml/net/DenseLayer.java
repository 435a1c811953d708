package dev.vibe.ml.net;

import java.util.List;

/**
 * A dense layer as plain numbers: {@code y = w x + b}, weights {@code w[out][in]}, biases {@code b[out]}. A list of them,
 * input to output, is one network: ReLU between the layers, a sigmoid per output at the end ({@link #forward}).
 */
public record DenseLayer(float[][] w, float[] b) {

    public int inputs() {
        return w[0].length;
    }

    public int outputs() {
        return w.length;
    }

    /** The dense forward pass (the only one in Java): the sigmoid outputs of {@code layers} for an encoded song. */
    public static double[] forward(List<DenseLayer> layers, float[] x) {
        double[] a = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            a[i] = x[i];
        }
        for (int l = 0; l < layers.size(); l++) {
            DenseLayer layer = layers.get(l);
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
}
