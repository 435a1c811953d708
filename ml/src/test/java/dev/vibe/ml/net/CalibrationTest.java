package dev.vibe.ml.net;

import dev.vibe.ml.Data;
import dev.vibe.ml.Fixtures;
import dev.vibe.ml.data.LabeledSongs;
import dev.vibe.ml.eval.Evaluation;
import dev.vibe.ml.eval.Metrics;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CalibrationTest {

    /** Held-out pairs {logit, label} where the true probability is sigmoid(a * logit + b). */
    static List<double[]> pairs(double a, double b, int n, long seed) {
        Random r = new Random(seed);
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            double z = r.nextGaussian() * 2;
            double p = 1 / (1 + Math.exp(-(a * z + b)));
            out.add(new double[]{z, r.nextDouble() < p ? 1 : 0});
        }
        return out;
    }

    @Test
    void plattScalingRecoversTheSlopeAndShiftOfOverconfidentScores() {
        double[] ab = Calibrations.platt(pairs(0.5, -1.0, 20_000, 1));
        assertEquals(0.5, ab[0], 0.05);
        assertEquals(-1.0, ab[1], 0.06);
    }

    @Test
    void temperatureScalingRecoversTheTemperature() {
        assertEquals(2.0, Calibrations.bestTemperature(pairs(0.5, 0, 8_000, 2)), 0.15);
        assertEquals(1.0, Calibrations.bestTemperature(pairs(1, 0, 8_000, 3)), 0.08);
    }

    @Test
    void calibrationErrorAndReliabilityBinsByHand() {
        // playlist A: 4 songs at 0.05 (none on it) and 4 at 0.95 (3 on it): bins 0 and 9
        double[][] p = new double[8][2];
        boolean[][] y = new boolean[8][2];
        for (int i = 0; i < 8; i++) {
            p[i][0] = i < 4 ? 0.05 : 0.95;
            y[i][0] = i >= 4 && i < 7;
            p[i][1] = 0.5; // B: all at 0.5, half on it: perfectly calibrated
            y[i][1] = i % 2 == 0;
        }
        Metrics m = Metrics.of(List.of("A", "B"), p, y);
        Metrics.PerPlaylist a = m.playlists().get(0);
        assertEquals(4, a.reliability().get(0).songs());
        assertEquals(0.0, a.reliability().get(0).observedRate());
        assertEquals(0.75, a.reliability().get(9).observedRate());
        assertEquals(0.95, a.reliability().get(9).meanProbability(), 1e-12);
        assertTrue(Double.isNaN(a.reliability().get(5).meanProbability()), "an empty bin has no mean");
        // ECE(A) = 4/8 * |0.05 - 0| + 4/8 * |0.95 - 0.75| = 0.125; ECE(B) = 0
        assertEquals(0.125, a.calibrationError(), 1e-12);
        assertEquals(0.0, m.playlists().get(1).calibrationError(), 1e-12);
        assertEquals(0.0625, m.expectedCalibrationError(), 1e-12);
        // pooled over folds, the bins add up
        Metrics pooled = Metrics.mean(List.of(m, m));
        assertEquals(8, pooled.playlists().get(0).reliability().get(0).songs());
        assertEquals(0.125, pooled.playlists().get(0).calibrationError(), 1e-12);
    }

    @Test
    void calibrationFittedOnHeldOutSongsLowersTheCalibrationErrorOfOverconfidentMembers() {
        // members that are sure of everything (no dropout, no weight decay, no early stop: they learn their training
        // songs by heart): calibration must pull their probabilities towards what happens
        LabeledSongs data = Data.playlists("Acoustic", "Sad_Songs_by_Sad_Girls", "Indie_Rock");
        int[][] split = Evaluation.holdout(data.size(), 0.3, 11);
        LabeledSongs train = data.subset(split[0]);
        LabeledSongs test = data.subset(split[1]);
        VibeNetOptions o = new VibeNetOptions(4, List.of(32, 16), 0f, 64, 8, 60, 60, 0.15, 32, 1e-2f, 0f, 10,
                VibeNetOptions.Serve.MEMBERS, 4, VibeNetOptions.Calibration.PLATT, Fixtures.SMALL.student(), VibeNetOptions.OpenSet.defaults(), 42);
        VibeNetTrainer.Ensemble e = VibeNetTrainer.ensemble(train, List.of(), o, TrainingProgress.NONE);
        double raw = ece(VibeNetTrainer.serve(e, o.withCalibration(VibeNetOptions.Calibration.NONE)).network(), test);
        double platt = ece(VibeNetTrainer.serve(e, o.withCalibration(VibeNetOptions.Calibration.PLATT)).network(), test);
        assertTrue(platt < 0.8 * raw, "ECE calibrated " + platt + " vs uncalibrated " + raw);
    }

    private static double ece(VibeNet net, LabeledSongs test) {
        return Metrics.of(test.playlists(), net.conditional(test.featureMatrix()), test.labelMatrix()).expectedCalibrationError();
    }
}
