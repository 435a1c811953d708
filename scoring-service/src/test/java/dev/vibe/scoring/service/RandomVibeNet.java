package dev.vibe.scoring.service;

import dev.vibe.common.model.FeatureEncoding;
import dev.vibe.common.model.ModelArtifact;
import dev.vibe.ml.data.ExportifyPlaylists;
import dev.vibe.ml.data.LabeledSongs;
import dev.vibe.ml.net.DenseLayer;
import dev.vibe.ml.onnx.OnnxExport;
import dev.vibe.ml.encoding.QuantileEncoding;
import dev.vibe.ml.net.VibeNet;

import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A served model with the product's graph (both views, calibration, the quantile encoding of real songs) but random
 * weights, built without DJL, and the Java forward pass to hold it to. For the fast tests of the serving path.
 */
record RandomVibeNet(VibeNet network, ModelArtifact artifact, ServedModel served, List<double[]> songs) {

    static final List<String> PLAYLISTS = List.of("Bluey", "Praise_Bangers", "No_Words_Allowed", "Country");

    static RandomVibeNet make(long seed) {
        LabeledSongs data = ExportifyPlaylists.load(PLAYLISTS.stream()
                .map(p -> Path.of(System.getProperty("vibe.home", "..")).resolve("data/exportify/" + p + ".csv")).toList());
        QuantileEncoding encoding = QuantileEncoding.fit(data.features(), 8, 4);
        Random r = new Random(seed);
        int outputs = VibeNet.Columns.width(PLAYLISTS.size());
        List<DenseLayer> member = List.of(layer(r, encoding.width(), 16), layer(r, 16, outputs));
        double[] scale = new double[outputs];
        Arrays.fill(scale, 1.0);
        VibeNet network = new VibeNet(encoding, FeatureEncoding.fit(data.features()), List.of(member), scale, new double[outputs],
                VibeNet.Combination.FACTORISED);
        byte[] onnx = OnnxExport.toOnnx(network, PLAYLISTS, Map.of());
        List<ModelArtifact.PlaylistRef> playlists = PLAYLISTS.stream().map(p -> new ModelArtifact.PlaylistRef(p, p)).toList();
        ModelArtifact artifact = ModelArtifact.of("random-" + seed, 1, "test", playlists, List.of(), Map.of(), onnx, Instant.now());
        return new RandomVibeNet(network, artifact, new ServedModel(artifact), data.features());
    }

    private static DenseLayer layer(Random r, int in, int out) {
        float[][] w = new float[out][in];
        for (float[] row : w) {
            for (int i = 0; i < in; i++) {
                row[i] = (float) (r.nextGaussian() / Math.sqrt(in));
            }
        }
        float[] b = new float[out];
        for (int o = 0; o < out; o++) {
            b[o] = (float) (r.nextGaussian() * 0.1);
        }
        return new DenseLayer(w, b);
    }

    /** {@code n} real songs from {@code from} on, as raw rows. */
    float[][] rows(int from, int n) {
        float[][] rows = new float[n][];
        for (int i = 0; i < n; i++) {
            double[] f = songs.get((from + i) % songs.size());
            rows[i] = new float[f.length];
            for (int j = 0; j < f.length; j++) {
                rows[i][j] = (float) f[j];
            }
        }
        return rows;
    }
}
