package dev.vibe.ml.encoding;

import dev.vibe.common.schema.Feature;
import dev.vibe.ml.Data;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QuantileEncodingTest {

    /** 100 songs: instrumentalness 0 for half of them, then 0.01 .. 0.50; tempo 101 .. 200; speechiness constant. */
    static List<double[]> songs() {
        List<double[]> rows = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            double[] r = {0.5, 0.5, 5, -8, i % 2, 0.1, 0.3, i < 50 ? 0 : (i - 49) / 100.0, 0.1, 0.5, 101 + i, 200_000, 4};
            rows.add(r);
        }
        return rows;
    }

    static int grid(Feature f) {
        return dev.vibe.common.model.FeatureEncoding.CONTINUOUS.indexOf(f);
    }

    @Test
    void rampsFollowTheTrainingQuantilesAndEqualKnotsMerge() {
        QuantileEncoding enc = QuantileEncoding.fit(songs(), 64, 8);
        assertEquals(10 * 9 + 1 + 3, enc.width());
        int tempo = grid(Feature.TEMPO);
        double[] song = songs().get(0).clone();
        // the median tempo (150.5) is at u = 0.5: the first 4 ramps full, the others empty, z = 0
        song[Feature.TEMPO.index()] = 150.5;
        float[] x = enc.encode(song);
        for (int t = 0; t < 8; t++) {
            assertEquals(t < 4 ? 1f : 0f, x[enc.column(tempo, 1 + t)], 1e-6, "ramp " + t);
        }
        assertEquals(0f, x[enc.column(tempo, 0)], 1e-6);
        // outside the training range the columns stay at their end values
        song[Feature.TEMPO.index()] = 400;
        float[] high = enc.encode(song);
        song[Feature.TEMPO.index()] = 200;
        assertEquals(high[enc.column(tempo, 0)], enc.encode(song)[enc.column(tempo, 0)], 0);
        assertEquals(1f, high[enc.column(tempo, 8)], 1e-6);
        // instrumentalness = 0 for half the songs: one knot with the mean probability of the knots it merged (0 .. 31 of 64: u ≈ 0.24)
        int instr = grid(Feature.INSTRUMENTALNESS);
        song[Feature.INSTRUMENTALNESS.index()] = 0;
        float[] zero = enc.encode(song);
        double u = (zero[enc.column(instr, 1)] + zero[enc.column(instr, 2)] + zero[enc.column(instr, 3)]) / 8;
        assertTrue(u > 0.2 && u < 0.3, "u(0) " + u);
        // a constant feature: u = 0.5, z = 0
        int speech = grid(Feature.SPEECHINESS);
        assertEquals(0f, zero[enc.column(speech, 0)], 0);
        assertEquals(1f, zero[enc.column(speech, 4)], 0);
        assertEquals(0f, zero[enc.column(speech, 5)], 0);
    }

    @Test
    void keyIsLeftOutModeAndTimeSignatureAreOneHotAndAMissingTimeSignatureIsAllZeros() {
        QuantileEncoding enc = QuantileEncoding.fit(songs(), 64, 8);
        double[] song = songs().get(1).clone();
        float[] x = enc.encode(song);
        song[Feature.KEY.index()] = 11;
        assertArrayEquals(x, enc.encode(song), "key changes nothing");
        int m = enc.modeColumn();
        assertEquals(1f, x[m]); // song 1 is major
        assertArrayEquals(new float[]{0, 1, 0}, java.util.Arrays.copyOfRange(x, m + 1, m + 4));
        song[Feature.TIME_SIGNATURE.index()] = Double.NaN;
        assertArrayEquals(new float[]{0, 0, 0}, java.util.Arrays.copyOfRange(enc.encode(song), m + 1, m + 4));
    }

    @Test
    void betweenBreakpointsEveryColumnIsLinearSoTheGraphCanSumSegments() {
        // the ONNX graph relies on it: each column is value(b0) + sum of deltas times segment fills, exact only if
        // the breakpoints include every kink (the knots and where u crosses t / 8). Midway between two breakpoints
        // the ramps must still be ramps of one u: non-increasing, at most one of them part-filled.
        QuantileEncoding enc = QuantileEncoding.fit(Data.playlists(Data.FOUR.toArray(String[]::new)).features(), 64, 8);
        for (int g = 0; g < enc.grids().size(); g++) {
            QuantileEncoding.Grid grid = enc.grids().get(g);
            double[] b = grid.breakpoints();
            double previousZ = Double.NEGATIVE_INFINITY;
            for (int j = 0; j + 1 < b.length; j++) {
                double[] at = new double[1 + enc.ramps()];
                grid.columns((b[j] + b[j + 1]) / 2, at);
                int partial = 0;
                for (int t = 1; t <= enc.ramps(); t++) {
                    partial += at[t] > 1e-9 && at[t] < 1 - 1e-9 ? 1 : 0;
                    if (t > 1) {
                        assertTrue(at[t] <= at[t - 1] + 1e-12, "feature " + g + " segment " + j + ": ramps of one u");
                    }
                }
                assertTrue(partial <= 1, "feature " + g + " segment " + j + ": " + partial + " ramps part-filled at once");
                assertTrue(at[0] >= previousZ, "z rises with the value");
                previousZ = at[0];
            }
        }
    }
}
