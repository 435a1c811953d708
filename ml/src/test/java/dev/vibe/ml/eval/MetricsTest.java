package dev.vibe.ml.eval;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MetricsTest {

    @Test
    void rocAucCountsCorrectlyOrderedPairsWithTiesAsHalf() {
        // pairs (pos, neg): (0.5,0.1)=1 (0.5,0.5)=½ (0.9,0.1)=1 (0.9,0.5)=1 -> 3.5 / 4
        assertEquals(1.0, Metrics.rocAuc(new double[]{0.1, 0.2, 0.8, 0.9}, new boolean[]{false, false, true, true}));
        assertEquals(0.0, Metrics.rocAuc(new double[]{0.9, 0.8, 0.2, 0.1}, new boolean[]{false, false, true, true}));
        assertEquals(0.875, Metrics.rocAuc(new double[]{0.1, 0.5, 0.5, 0.9}, new boolean[]{false, true, false, true}));
        assertTrue(Double.isNaN(Metrics.rocAuc(new double[]{0.1, 0.2}, new boolean[]{true, true})));
    }

    @Test
    void topOneF1AndLogLossByHand() {
        double[][] p = {{0.9, 0.2}, {0.6, 0.7}, {0.3, 0.4}};
        boolean[][] y = {{true, false}, {true, false}, {false, true}};
        Metrics m = Metrics.of(List.of("A", "B"), p, y);
        assertEquals(2.0 / 3, m.top1Accuracy(), 1e-12);  // song 2's best is B, but it is on A
        // A: tp=2 fp=0 fn=0 -> F1 1; B: tp=0 fp=1 fn=1 -> F1 0
        assertEquals(0.5, m.macroF1(), 1e-12);
        double expected = -(Math.log(0.9) + Math.log(0.8) + Math.log(0.6) + Math.log(0.3) + Math.log(0.7) + Math.log(0.4)) / 6;
        assertEquals(expected, m.logLoss(), 1e-12);
        assertEquals(2, m.playlists().get(0).positives());
    }
}
