package dev.vibe.common.model;

import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureSchema;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * How the 13 raw features become the network's input, defined once and shipped with every model (in the ONNX
 * graph and, as JSON, in its metadata):
 * <ul>
 *   <li>continuous features (10): standardised, {@code (x - mean) / std}, with mean and std of the training songs;</li>
 *   <li>categorical features: one column per category, 1 if the value equals it: key -1..11 (13 columns),
 *   mode 1 (1 column: major), time_signature 3, 4, 5 (3 columns). A missing time signature (absent in some
 *   catalogues), or a rare one, is all zeros: "none of the usual ones" rather than a made-up value.</li>
 * </ul>
 * 27 inputs in all. The order: continuous features in schema order, then each categorical feature's columns.
 */
public record FeatureEncoding(int schemaVersion, double[] mean, double[] std) {

    /** The categories of each categorical feature that get a column. */
    public static final Map<Feature, double[]> CATEGORIES = Map.of(
            Feature.KEY, new double[]{-1, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11},
            Feature.MODE, new double[]{1},
            Feature.TIME_SIGNATURE, new double[]{3, 4, 5});

    /** Continuous features in schema order. */
    public static final List<Feature> CONTINUOUS = FeatureSchema.FEATURES.stream().filter(f -> !f.categorical()).toList();

    /** Categorical features in schema order. */
    public static final List<Feature> CATEGORICAL = FeatureSchema.FEATURES.stream().filter(Feature::categorical).toList();

    /** The width of the encoded input. */
    public static final int WIDTH = CONTINUOUS.size() + CATEGORICAL.stream().mapToInt(f -> CATEGORIES.get(f).length).sum();

    public FeatureEncoding {
        if (mean.length != CONTINUOUS.size() || std.length != CONTINUOUS.size()) {
            throw new IllegalArgumentException("mean and std need " + CONTINUOUS.size() + " values");
        }
    }

    /** Learns the standardisation from raw training rows (13 values each, schema order). */
    public static FeatureEncoding fit(List<double[]> rows) {
        if (rows.isEmpty()) {
            throw new IllegalArgumentException("no rows to fit the encoding on");
        }
        int n = CONTINUOUS.size();
        double[] mean = new double[n];
        double[] std = new double[n];
        for (int j = 0; j < n; j++) {
            int column = CONTINUOUS.get(j).index();
            double sum = 0;
            for (double[] r : rows) {
                sum += r[column];
            }
            mean[j] = sum / rows.size();
            double sq = 0;
            for (double[] r : rows) {
                double d = r[column] - mean[j];
                sq += d * d;
            }
            double s = Math.sqrt(sq / rows.size());
            std[j] = s > 1e-12 ? s : 1.0; // a constant feature carries no information; keep it at 0
        }
        return new FeatureEncoding(FeatureSchema.VERSION, mean, std);
    }

    /** Encodes one raw row (13 values, schema order, NaN for missing) into {@code out[offset..offset+WIDTH)}. */
    public void encode(double[] raw, float[] out, int offset) {
        int k = offset;
        for (int j = 0; j < CONTINUOUS.size(); j++) {
            out[k++] = (float) ((raw[CONTINUOUS.get(j).index()] - mean[j]) / std[j]);
        }
        for (Feature f : CATEGORICAL) {
            double v = raw[f.index()];
            for (double c : CATEGORIES.get(f)) {
                out[k++] = v == c ? 1f : 0f;
            }
        }
    }

    public float[] encode(double[] raw) {
        float[] out = new float[WIDTH];
        encode(raw, out, 0);
        return out;
    }

    /** Human-readable names of the encoded columns ("tempo", "key=7", "mode=1", "time_signature=4"). */
    public static List<String> columnNames() {
        List<String> names = new ArrayList<>();
        CONTINUOUS.forEach(f -> names.add(f.key()));
        for (Feature f : CATEGORICAL) {
            for (double c : CATEGORIES.get(f)) {
                names.add(f.key() + "=" + (long) c);
            }
        }
        return names;
    }
}
