package dev.vibe.ml;

import dev.vibe.common.model.FeatureEncoding;

import java.util.List;

/**
 * A trained multi-label network as plain numbers: encoding, then dense layers (ReLU between them), then a sigmoid
 * per playlist. With no hidden layer it is logistic regression. This is what gets exported to ONNX.
 *
 * @param layers weights {@code w[out][in]} and biases {@code b[out]}, input to output
 */
public record Network(FeatureEncoding encoding, List<Layer> layers) {

    /** A dense layer: {@code y = w x + b}. */
    public record Layer(float[][] w, float[] b) {
        public int inputs() {
            return w[0].length;
        }

        public int outputs() {
            return w.length;
        }
    }

    public int outputs() {
        return layers.get(layers.size() - 1).outputs();
    }

    /** Probabilities for one raw song (13 values, schema order). */
    public double[] predict(double[] raw) {
        float[] x = encoding.encode(raw);
        double[] a = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            a[i] = x[i];
        }
        for (int l = 0; l < layers.size(); l++) {
            Layer layer = layers.get(l);
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

    public double[][] predict(double[][] raw) {
        double[][] out = new double[raw.length][];
        for (int i = 0; i < raw.length; i++) {
            out[i] = predict(raw[i]);
        }
        return out;
    }
}
