package dev.vibe.ml.baseline;

import dev.vibe.common.model.FeatureEncoding;
import dev.vibe.ml.net.DenseLayer;
import dev.vibe.ml.net.VibeNet;
import dev.vibe.ml.onnx.OnnxExport;

import java.util.List;

/**
 * A baseline's trained network as plain numbers (NOT what the trainer serves: that is {@link VibeNet}): the
 * standardised/one-hot encoding ({@link FeatureEncoding}), then dense layers, a sigmoid per playlist. With no hidden
 * layer (as {@link LogisticRegression} trains it for the baselines) it is logistic regression. It can be exported to
 * ONNX all the same ({@code OnnxExport.toOnnx(BaselineNetwork, ...)}).
 *
 * @param layers input to output
 */
public record BaselineNetwork(FeatureEncoding encoding, List<DenseLayer> layers) {

    public int outputs() {
        return layers.get(layers.size() - 1).outputs();
    }

    /** Probabilities for one raw song (13 values, schema order). */
    public double[] predict(double[] raw) {
        return DenseLayer.forward(layers, encoding.encode(raw));
    }

    public double[][] predict(double[][] raw) {
        double[][] out = new double[raw.length][];
        for (int i = 0; i < raw.length; i++) {
            out[i] = predict(raw[i]);
        }
        return out;
    }
}
