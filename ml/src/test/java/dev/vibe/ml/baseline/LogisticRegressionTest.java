package dev.vibe.ml.baseline;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.vibe.common.schema.Feature;
import dev.vibe.ml.Data;
import dev.vibe.ml.Fixtures;
import dev.vibe.ml.UnderGcPressure;
import dev.vibe.ml.data.LabeledSongs;
import dev.vibe.ml.eval.Metrics;
import dev.vibe.ml.net.TorchEngine;
import dev.vibe.ml.net.TrainingProgress;
import dev.vibe.ml.onnx.OnnxExport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LogisticRegressionTest {

    /** One hidden layer of 16 (the baselines train none, the study's "mlp-before" 64-32), patience 5: quick to train. */
    static final TrainingOptions QUICK = new TrainingOptions(List.of(16), 100, 5, 0.15, 64, 3e-3f, 1e-4f, 10, 42);

    static LabeledSongs data;
    static LogisticRegression.Result trained;

    @BeforeAll
    static void trainOnRealPlaylists() {
        data = Data.playlists("Bluey", "Country", "No_Words_Allowed");
        trained = LogisticRegression.train(data, QUICK, TrainingProgress.NONE);
    }

    @Test
    void aSongOnSeveralPlaylistsIsOneSamplePositiveForEach() {
        LabeledSongs liked = Data.playlists("Liked_Songs", "Acoustic", "Country");
        int onTwo = (int) liked.songs().stream().filter(s -> s.labels()[0] && (s.labels()[1] || s.labels()[2])).count();
        assertTrue(onTwo > 0, "Liked Songs overlaps Acoustic/Country in the real data");
        // every listed song appears once, with all its playlists
        long distinct = liked.songs().stream().map(LabeledSongs.Song::id).distinct().count();
        assertEquals(distinct, liked.size());
        int listed = Arrays.stream(liked.positives()).sum();
        assertEquals(listed, liked.size() + (int) liked.songs().stream().mapToLong(s -> {
            int c = 0;
            for (boolean b : s.labels()) {
                c += b ? 1 : 0;
            }
            return c - 1;
        }).sum());
    }

    @Test
    void sameDataAndSeedGiveTheSameModel() {
        // the same probabilities to 1e-6, also when the collector runs all through the training (a tensor over a freed
        // Java buffer, read by the gradient step, made them differ by up to 0.8 then: see TorchEngine.softplus)
        double[][] x = data.featureMatrix();
        double[][] first = trained.network().predict(x);
        LogisticRegression.Result again = UnderGcPressure.run(() -> LogisticRegression.train(data, QUICK, TrainingProgress.NONE));
        assertTrue(maxDifference(first, again.network().predict(x)) < 1e-6, "same seed: " + maxDifference(first, again.network().predict(x)));
        LogisticRegression.Result other = LogisticRegression.train(data, QUICK.withSeed(QUICK.seed() + 1), TrainingProgress.NONE);
        assertTrue(maxDifference(first, other.network().predict(x)) > 0.3, "another seed: " + maxDifference(first, other.network().predict(x)));
    }

    private static double maxDifference(double[][] a, double[][] b) {
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            for (int k = 0; k < a[i].length; k++) {
                max = Math.max(max, Math.abs(a[i][k] - b[i][k]));
            }
        }
        return max;
    }

    @Test
    void trainingLearnsSomethingAndStopsEarly() {
        // early stopping: it stops exactly `patience` epochs after the best validation loss, well before the limit
        TrainingOptions o = QUICK;
        assertTrue(trained.epochs() < o.maxEpochs(), "ran all " + trained.epochs() + " epochs");
        assertEquals(trained.bestEpoch() + o.patience(), trained.epochs());
        assertTrue(Double.isFinite(trained.bestValidationLoss()));
        double[][] p = trained.network().predict(data.featureMatrix());
        Metrics m = Metrics.of(data.playlists(), p, data.labelMatrix());
        assertTrue(m.macroRocAuc() > 0.8, "training-set AUC " + m.macroRocAuc());
        for (double[] row : p) {
            for (double v : row) {
                assertTrue(v >= 0 && v <= 1);
            }
        }
    }

    @Test
    void djlJavaAndOnnxRuntimeGiveTheSameProbabilitiesOnRealSongs() throws Exception {
        double[][] songs = Data.playlists("Liked_Songs", "Acoustic").featureMatrix();
        songs = Arrays.copyOf(songs, 300);
        songs[0] = songs[0].clone();
        songs[0][Feature.TIME_SIGNATURE.index()] = Double.NaN; // a catalogue song without time signature
        double[][] java = trained.network().predict(songs);
        double[][] djl = LogisticRegression.predictWithDjl(trained.network(), songs);
        byte[] onnx = OnnxExport.toOnnx(trained.network(), data.playlists(), Map.of("vibe.test", "yes"));
        double[][] ort = Fixtures.runOnnx(onnx, songs);
        for (int i = 0; i < songs.length; i++) {
            for (int k = 0; k < data.width(); k++) {
                assertEquals(djl[i][k], ort[i][k], 1e-5, "song " + i + " playlist " + k + " DJL vs ONNX Runtime");
                assertEquals(java[i][k], ort[i][k], 1e-5, "song " + i + " playlist " + k + " Java vs ONNX Runtime");
            }
        }
    }

    @Test
    void onnxModelCarriesItsPlaylistsFeatureOrderAndEncoding() throws Exception {
        byte[] onnx = OnnxExport.toOnnx(trained.network(), data.playlists(), Map.of("vibe.metrics", "{\"macroF1\":0.5}"));
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession s = env.createSession(onnx, new OrtSession.SessionOptions())) {
            Map<String, String> meta = s.getMetadata().getCustomMetadata();
            assertEquals(String.join("\n", data.playlists()), meta.get("vibe.playlists"));
            assertEquals("danceability,energy,key,loudness,mode,speechiness,acousticness,instrumentalness,liveness,valence,tempo,duration_ms,time_signature",
                    meta.get("vibe.features"));
            assertTrue(meta.get("vibe.encoding").contains("\"mean\""));
            assertEquals("{\"macroF1\":0.5}", meta.get("vibe.metrics"));
            assertEquals(List.of(OnnxExport.INPUT), List.copyOf(s.getInputNames()));
            assertEquals(List.of(OnnxExport.OUTPUT), List.copyOf(s.getOutputNames()));
        }
    }
}
