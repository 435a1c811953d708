package dev.vibe.ml.net;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import dev.vibe.common.json.EventJson;
import dev.vibe.common.model.FeatureEncoding;
import dev.vibe.common.schema.Feature;
import dev.vibe.ml.Data;
import dev.vibe.ml.Fixtures;
import dev.vibe.ml.UnderGcPressure;
import dev.vibe.ml.data.BackgroundSongs;
import dev.vibe.ml.data.LabeledSongs;
import dev.vibe.ml.encoding.QuantileEncoding;
import dev.vibe.ml.eval.Evaluation;
import dev.vibe.ml.eval.Metrics;
import dev.vibe.ml.onnx.OnnxExport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VibeNetTest {

    /** Quick options: these tests check behaviour; the one of quality ({@link #theEnsembleLearnsTheVibeOfHeldOutSongs}) is "slow". */
    static final VibeNetOptions QUICK = Fixtures.QUICK;

    static LabeledSongs data;
    static List<LabeledSongs.Listed> background;
    static VibeNetTrainer.Ensemble ensemble;
    static double[][] songs;

    @BeforeAll
    static void trainOnRealPlaylists() {
        data = Data.playlists(Data.FOUR.toArray(String[]::new));
        background = BackgroundSongs.choose(data, List.of(), List.of()).songs();
        ensemble = VibeNetTrainer.ensemble(data, background, QUICK, TrainingProgress.NONE);
        songs = Arrays.copyOf(Data.playlists("Liked_Songs", "Acoustic").featureMatrix(), 300);
        songs[0] = songs[0].clone();
        songs[0][Feature.TIME_SIGNATURE.index()] = Double.NaN; // a catalogue song without time signature
        songs[1] = songs[1].clone();
        songs[1][Feature.TEMPO.index()] = 399; // far outside the training range
        songs[2] = background.get(0).features(); // a background song
    }

    @Test
    void onnxRuntimeDjlAndJavaAgreeOnBothViewsForEveryServedForm() throws Exception {
        for (VibeNetOptions o : List.of(QUICK, QUICK.withServing(VibeNetOptions.Serve.MEMBERS, 1), QUICK.withServing(VibeNetOptions.Serve.DISTILLED, 1),
                QUICK.withCalibration(VibeNetOptions.Calibration.TEMPERATURE),
                QUICK.withOpenSet(QUICK.openSet().withCombination(VibeNet.Combination.DIRECT)),
                QUICK.withOpenSet(QUICK.openSet().withCombination(VibeNet.Combination.MEAN)))) {
            VibeNet net = VibeNetTrainer.serve(ensemble, o).network();
            VibeNet.Probabilities[] djl = DjlPredictor.predictWithDjl(net, songs);
            byte[] onnx = OnnxExport.toOnnx(net, data.playlists(), Map.of());
            double[][] ortAbsolute = Fixtures.runOnnx(onnx, songs, OnnxExport.OUTPUT);
            double[][] ortConditional = Fixtures.runOnnx(onnx, songs, OnnxExport.CONDITIONAL);
            String form = o.serve() + " x" + net.members().size() + " " + o.calibration() + " " + net.combination();
            // the graph computes in float32: near 0 or 1 the calibrating logit of a mean such as 0.9999 carries a float's
            // error, which a steep calibration slope turns into up to 2e-5 (seen)
            double tolerance = 1e-4;
            for (int i = 0; i < songs.length; i++) {
                VibeNet.Probabilities java = net.predict(songs[i]);
                for (int k = 0; k < data.width(); k++) {
                    assertEquals(djl[i].absolute()[k], ortAbsolute[i][k], tolerance, form + ": song " + i + " playlist " + k + " absolute, DJL vs ONNX Runtime");
                    assertEquals(java.absolute()[k], ortAbsolute[i][k], tolerance, form + ": song " + i + " playlist " + k + " absolute, Java vs ONNX Runtime");
                    assertEquals(djl[i].conditional()[k], ortConditional[i][k], tolerance, form + ": song " + i + " playlist " + k + " conditional, DJL vs ONNX");
                    assertEquals(java.conditional()[k], ortConditional[i][k], tolerance, form + ": song " + i + " playlist " + k + " conditional, Java vs ONNX");
                }
            }
        }
    }

    @Test
    void theGraphEncodesRawFeaturesItselfAndCarriesWhatScoringReads() throws Exception {
        VibeNet net = VibeNetTrainer.serve(ensemble, QUICK).network();
        byte[] onnx = OnnxExport.toOnnx(net, data.playlists(), Map.of("vibe.id", "v1"));
        try (OrtSession s = OrtEnvironment.getEnvironment().createSession(onnx, new OrtSession.SessionOptions())) {
            assertEquals(List.of(OnnxExport.INPUT), List.copyOf(s.getInputNames()));
            assertEquals(List.of(OnnxExport.OUTPUT, OnnxExport.CONDITIONAL), List.copyOf(s.getOutputNames()));
            Map<String, String> meta = s.getMetadata().getCustomMetadata();
            assertEquals(String.join("\n", data.playlists()), meta.get("vibe.playlists"));
            assertEquals("v1", meta.get("vibe.id"));
            // explanations measure slopes per std and distances in the training songs' standardised space
            FeatureEncoding explained = EventJson.read(meta.get("vibe.encoding").getBytes(StandardCharsets.UTF_8), FeatureEncoding.class);
            assertArrayEquals(FeatureEncoding.fit(data.features()).std(), explained.std(), 1e-9);
            assertTrue(meta.get("vibe.model").contains("\"members\":4"), meta.get("vibe.model"));
        }
        // the encoding is fitted on the training songs: the same song in a different training set encodes differently
        QuantileEncoding other = QuantileEncoding.fit(Data.playlists("Liked_Songs", "Acoustic").features(), 64, 8);
        assertNotEquals(Arrays.toString(net.encoding().encode(songs[5])), Arrays.toString(other.encode(songs[5])));
        // raw values in, the graph's encoding out: a change of tempo alone moves the probabilities
        double[][] two = {songs[5].clone(), songs[5].clone()};
        two[1][Feature.TEMPO.index()] = two[0][Feature.TEMPO.index()] + 40;
        double[][] ort = Fixtures.runOnnx(onnx, two);
        assertNotEquals(ort[0][0], ort[1][0]);
    }

    @Test
    void sameDataAndSeedGiveTheSameEnsemble() {
        // the same probabilities to 1e-6 (that the training loop gives them also when the collector runs all through it,
        // see TorchEngine.softplus, is checked under GC pressure by aMemberTrainsAsIfAlone...)
        VibeNetTrainer.Ensemble again = VibeNetTrainer.ensemble(data, background, QUICK, TrainingProgress.NONE);
        double[][] x = data.featureMatrix();
        double max = 0;
        for (double[] song : x) {
            VibeNet.Probabilities a = ensemble.members().predict(song);
            VibeNet.Probabilities b = again.members().predict(song);
            for (int k = 0; k < data.width(); k++) {
                max = Math.max(max, Math.max(Math.abs(a.absolute()[k] - b.absolute()[k]), Math.abs(a.conditional()[k] - b.conditional()[k])));
            }
        }
        assertTrue(max < 1e-6, "largest difference " + max);
        // members differ from each other (own seed, own validation songs)
        assertNotEquals(ensemble.members().members().get(0).get(0).w()[0][0], ensemble.members().members().get(1).get(0).w()[0][0]);
        assertTrue(Arrays.stream(ensemble.fit().bestEpochs()).allMatch(e -> e >= 1 && e <= QUICK.maxEpochs()));
    }

    @Test
    void aMemberTrainsAsIfAloneWhileOthersStopAndAreDroppedFromTheBlock() {
        EnsembleFit.Rows rows = ensemble.rows();
        // seed 2: a seed whose members stop at epochs far enough apart (checked below)
        EnsembleFit.Fit together = EnsembleFit.fit(rows, 4, QUICK, 2, TrainingProgress.NONE);
        EnsembleFit.Fit alone = UnderGcPressure.run(() -> EnsembleFit.fit(rows, 1, QUICK, 2, TrainingProgress.NONE));
        int[] best = together.bestEpochs();
        int stop0 = Math.min(best[0] + QUICK.patience(), QUICK.maxEpochs());
        // the case under test: another member stopped while member 0 was still training
        assertTrue(Arrays.stream(best, 1, 4).anyMatch(e -> e + QUICK.patience() < stop0), Arrays.toString(best));
        // stopped members are no longer computed: each one costs its own epochs, not the slowest member's
        int expected = Arrays.stream(best).map(e -> Math.min(e + QUICK.patience(), QUICK.maxEpochs())).sum();
        assertEquals(expected, together.memberEpochs());
        assertTrue(together.memberEpochs() < 4 * together.epochs(), together.memberEpochs() + " of " + 4 * together.epochs());
        // member 0 (own validation songs, batches, background draws and dropout) is the network it is when trained alone
        // (to 1e-6: the block's means add in another order), and unlike member 1
        double alike = 0;
        double unlike = 0;
        for (float[] song : rows.x()) {
            double[] p = DenseLayer.forward(together.members().get(0), song);
            double[] q = DenseLayer.forward(alone.members().get(0), song);
            double[] r = DenseLayer.forward(together.members().get(1), song);
            for (int k = 0; k < p.length; k++) {
                alike = Math.max(alike, Math.abs(p[k] - q[k]));
                unlike = Math.max(unlike, Math.abs(p[k] - r[k]));
            }
        }
        assertTrue(alike < 1e-6, "member 0 together and alone: " + alike);
        assertTrue(unlike > 0.3, "member 0 and member 1: " + unlike);
    }

    @Test
    void everySongIsHeldOutBySomeMemberAndTheFoldsKeepTheirShareOfBackground() {
        EnsembleFit.Fit fit = ensemble.fit();
        int n = ensemble.rows().size();
        int p = ensemble.playlists();
        int[] heldBy = new int[n];
        for (int[] rows : fit.heldOut()) {
            int background = (int) Arrays.stream(rows).filter(i -> i >= p).count();
            // one fold of the playlists' songs and one of the background songs, in the same shares
            assertEquals((double) (n - p) / n, (double) background / rows.length, 0.02);
            for (int i : rows) {
                heldBy[i]++;
            }
        }
        // 4 members of 7 folds: 4/7 of the songs held out once, the rest (and the few left over by the folds) never
        long once = Arrays.stream(heldBy).filter(c -> c == 1).count();
        assertEquals(4.0 / 7, (double) once / n, 0.01);
        assertTrue(Arrays.stream(heldBy).allMatch(c -> c <= 1), "a fold of one order is held out by one member");
    }

    @Test
    void dropoutMasksDropTheRateAndScaleTheRestDeterministically() {
        StackedMembers block = new StackedMembers(3, List.of(94, 64, 32, 4), 0.3f);
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            float[][] first = masks(block, manager, 11);
            float[][] again = masks(block, manager, 11);
            assertEquals(2, first.length, "one mask per hidden layer");
            assertEquals(2 * 256 * 64, first[0].length, "members 0 and 2, 256 songs, 64 units");
            for (int l = 0; l < 2; l++) {
                assertArrayEquals(first[l], again[l], "same seeds, same masks");
                int dropped = 0;
                for (float v : first[l]) {
                    assertTrue(v == 0f || v == 1 / 0.7f, "0 or 1 / (1 - p): " + v);
                    dropped += v == 0f ? 1 : 0;
                }
                assertEquals(0.3, dropped / (double) first[l].length, 0.01, "layer " + l);
            }
            assertNotEquals(Arrays.toString(first[0]), Arrays.toString(masks(block, manager, 12)[0]));
        }
    }

    private static float[][] masks(StackedMembers block, NDManager manager, long seed) {
        SplittableRandom[] random = {new SplittableRandom(seed), new SplittableRandom(seed + 1),
                new SplittableRandom(seed + 2)};
        NDList inputs = new NDList();
        block.dropoutMasks(manager, new int[]{0, 2}, 256, random, inputs);
        return inputs.stream().map(NDArray::toFloatArray).toArray(float[][]::new);
    }

    @Test
    @Tag("slow")
    void theEnsembleLearnsTheVibeOfHeldOutSongs() {
        int[][] split = Evaluation.holdout(data.size(), 0.25, 3);
        LabeledSongs train = data.subset(split[0]);
        LabeledSongs test = data.subset(split[1]);
        VibeNet net = VibeNetTrainer.train(train, background, Fixtures.SMALL, TrainingProgress.NONE).network();
        Metrics m = Metrics.of(data.playlists(), net.conditional(test.featureMatrix()), test.labelMatrix());
        assertTrue(m.macroRocAuc() > 0.85, "held-out AUC " + m.macroRocAuc());
        assertTrue(m.top1Accuracy() > 0.7, "held-out top-1 " + m.top1Accuracy());
    }
}
