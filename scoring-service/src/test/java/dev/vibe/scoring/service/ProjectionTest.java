package dev.vibe.scoring.service;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The map's projection finds the directions along which points spread most, and places any point with them. */
class ProjectionTest {

    @Test
    void theTwoWidestDirectionsInTheirOrder() {
        // spread 10 along (1,1,0,0)/√2, 3 along (0,0,1,0), 0.1 along the rest, around (5, -2, 1, 0)
        double s = Math.sqrt(0.5);
        double[][] directions = {{s, s, 0, 0}, {0, 0, 1, 0}, {s, -s, 0, 0}, {0, 0, 0, 1}};
        double[] spreads = {10, 3, 0.1, 0.1};
        double[] centre = {5, -2, 1, 0};
        Random r = new Random(11);
        List<float[]> rows = new ArrayList<>();
        for (int i = 0; i < 4000; i++) {
            double[] row = centre.clone();
            for (int c = 0; c < 4; c++) {
                double t = spreads[c] * r.nextGaussian();
                for (int j = 0; j < 4; j++) {
                    row[j] += t * directions[c][j];
                }
            }
            float[] f = new float[4];
            for (int j = 0; j < 4; j++) {
                f[j] = (float) row[j];
            }
            rows.add(f);
        }
        Projection p = Projection.fit(rows);
        assertEquals(1.0, Math.abs(dot(p.components()[0], directions[0])), 1e-3, "widest first");
        assertEquals(1.0, Math.abs(dot(p.components()[1], directions[1])), 1e-3, "then the next widest");
        assertEquals(100 / 109.02, p.varianceShare()[0], 0.02);
        assertEquals(9 / 109.02, p.varianceShare()[1], 0.01);
        for (int j = 0; j < 4; j++) {
            assertEquals(centre[j], p.centre()[j], 0.5);
        }
        // a point is placed by its offset from the centre along each direction
        float[] point = {7, 1, -1, 3};
        double[] xy = p.place(point);
        for (int c = 0; c < 2; c++) {
            double expected = 0;
            for (int j = 0; j < 4; j++) {
                expected += (point[j] - p.centre()[j]) * p.components()[c][j];
            }
            assertEquals(expected, xy[c], 1e-9);
        }
        // the spread of the placed training points along x is the widest
        double vx = rows.stream().mapToDouble(f -> p.place(f)[0]).map(x -> x * x).average().orElseThrow();
        double vy = rows.stream().mapToDouble(f -> p.place(f)[1]).map(x -> x * x).average().orElseThrow();
        assertEquals(100, vx, 8);
        assertEquals(9, vy, 1);
        assertTrue(p.components()[0][0] > 0, "the largest weight is positive: the same map every time");
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            s += a[i] * b[i];
        }
        return s;
    }

    @Test
    void theMapShowsTheMiddleOfTheSongsNotTheFarthestOne() {
        double[] values = new double[102];
        for (int i = 0; i < 100; i++) {
            values[i] = i; // 0 .. 99
        }
        values[100] = 10_000; // two far-off songs
        values[101] = -10_000;
        double[] span = VibeMap.shown(values);
        // sorted: -10000, 0, 1, ..., 99, 10000; the 2nd and 98th percentiles are 1 and 98, widened by a tenth of 97
        assertEquals(1 - 9.7, span[0], 1e-9);
        assertEquals(98 + 9.7, span[1], 1e-9);
        // never past the outermost song, and few songs are shown whole
        assertEquals(0, VibeMap.shown(new double[]{0, 1, 2, 50})[0], 1e-9);
        assertEquals(50, VibeMap.shown(new double[]{0, 1, 2, 50})[1], 1e-9);
        double[] tight = new double[30];
        java.util.Arrays.fill(tight, 5);
        tight[29] = 6;
        assertEquals(5, VibeMap.shown(tight)[0], 1e-9); // the percentiles coincide: all of it
        assertEquals(6, VibeMap.shown(tight)[1], 1e-9);
    }
}
