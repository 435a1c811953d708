package dev.vibe.ml.baseline;

import dev.vibe.common.model.FeatureEncoding;
import dev.vibe.ml.data.LabeledSongs;

/**
 * Baseline: each playlist is the mean of its songs in the encoded feature space; a song's probability for a
 * playlist is {@code exp(-d^2 / (2 s^2))}, with d its distance to the playlist's centroid and s^2 the playlist's
 * mean squared distance of its own songs (a Gaussian membership, independent per playlist like the network's).
 */
public final class NearestCentroid {

    private final FeatureEncoding encoding;
    private final double[][] centroids;
    private final double[] spread;

    private NearestCentroid(FeatureEncoding encoding, double[][] centroids, double[] spread) {
        this.encoding = encoding;
        this.centroids = centroids;
        this.spread = spread;
    }

    public static NearestCentroid fit(LabeledSongs data) {
        FeatureEncoding encoding = FeatureEncoding.fit(data.features());
        int k = data.width();
        double[][] c = new double[k][FeatureEncoding.WIDTH];
        int[] count = new int[k];
        for (LabeledSongs.Song s : data.songs()) {
            float[] x = encoding.encode(s.features());
            for (int j = 0; j < k; j++) {
                if (s.labels()[j]) {
                    count[j]++;
                    for (int d = 0; d < x.length; d++) {
                        c[j][d] += x[d];
                    }
                }
            }
        }
        for (int j = 0; j < k; j++) {
            for (int d = 0; d < FeatureEncoding.WIDTH; d++) {
                c[j][d] /= Math.max(1, count[j]);
            }
        }
        double[] spread = new double[k];
        for (LabeledSongs.Song s : data.songs()) {
            float[] x = encoding.encode(s.features());
            for (int j = 0; j < k; j++) {
                if (s.labels()[j]) {
                    spread[j] += squaredDistance(x, c[j]) / Math.max(1, count[j]);
                }
            }
        }
        return new NearestCentroid(encoding, c, spread);
    }

    public double[] predict(double[] raw) {
        float[] x = encoding.encode(raw);
        double[] p = new double[centroids.length];
        for (int j = 0; j < p.length; j++) {
            p[j] = Math.exp(-squaredDistance(x, centroids[j]) / (2 * Math.max(1e-9, spread[j])));
        }
        return p;
    }

    public double[][] predict(double[][] raw) {
        double[][] out = new double[raw.length][];
        for (int i = 0; i < raw.length; i++) {
            out[i] = predict(raw[i]);
        }
        return out;
    }

    private static double squaredDistance(float[] x, double[] c) {
        double s = 0;
        for (int d = 0; d < x.length; d++) {
            double diff = x[d] - c[d];
            s += diff * diff;
        }
        return s;
    }
}
