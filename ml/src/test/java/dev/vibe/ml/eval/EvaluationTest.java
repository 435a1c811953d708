package dev.vibe.ml.eval;

import dev.vibe.ml.Data;
import dev.vibe.ml.Fixtures;
import dev.vibe.ml.baseline.RandomForest;
import dev.vibe.ml.data.LabeledSongs;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluationTest {

    @Test
    void crossValidationReportsTheNetworkBesideEveryBaselineOnTheSameFolds() {
        LabeledSongs data = Data.playlists(Data.FOUR.toArray(String[]::new));
        Evaluation.Report r = Evaluation.crossValidate(data, 3, Fixtures.QUICK, RandomForest.GROUP);
        assertEquals(data.size(), r.songs());
        for (Metrics m : List.of(r.network(), r.randomForest(), r.logisticRegression(), r.nearestCentroid())) {
            assertEquals(data.size(), m.songs(), "each song held out exactly once");
            assertEquals(4, m.playlists().size());
            // these four playlists are clearly different: every model must do far better than chance
            assertTrue(m.macroRocAuc() > 0.75, "AUC " + m.macroRocAuc());
            assertTrue(m.top1Accuracy() > 0.5, "top-1 " + m.top1Accuracy());
            assertTrue(m.expectedCalibrationError() >= 0 && m.expectedCalibrationError() < 0.5, "ECE " + m.expectedCalibrationError());
            // the reliability bins hold every held-out song of every fold
            assertEquals(data.size(), m.playlists().get(0).reliability().stream().mapToInt(Metrics.Bin::songs).sum());
        }
        assertEquals(r.randomForest().macroRocAuc() >= r.logisticRegression().macroRocAuc()
                && r.randomForest().macroRocAuc() >= r.nearestCentroid().macroRocAuc() ? "randomForest" : r.bestBaseline(), r.bestBaseline());
        assertTrue(r.verdict().contains("network") && r.verdict().contains(Evaluation.label(r.bestBaseline())), r.verdict());
    }

    @Test
    void theVerdictSaysPlainlyWhenTheNetworkDoesNotWin() {
        Metrics good = Metrics.of(List.of("A", "B"), new double[][]{{0.9, 0.1}, {0.2, 0.8}}, new boolean[][]{{true, false}, {false, true}});
        Metrics bad = Metrics.of(List.of("A", "B"), new double[][]{{0.4, 0.6}, {0.7, 0.3}}, new boolean[][]{{true, false}, {false, true}});
        Evaluation.Report loses = Evaluation.report("m", 2, List.of("A", "B"), bad, good, bad, bad, null);
        assertEquals("randomForest", loses.bestBaseline());
        assertTrue(!loses.networkBeatsBaselines() && loses.verdict().contains("does NOT beat") && loses.verdict().contains("random forest"),
                loses.verdict());
        Evaluation.Report wins = Evaluation.report("m", 2, List.of("A", "B"), good, bad, bad, bad, null);
        assertTrue(wins.networkBeatsBaselines() && wins.verdict().startsWith("The network beats every baseline"), wins.verdict());
        // on 2 songs chance alone makes a top-1 difference up to 1.0 (2 se = 2 sqrt(2 x 0.25 / 2)); a tie is within chance
        assertTrue(wins.verdict().endsWith("On 2 held-out songs a top-1 difference below 1.000 is within chance."), wins.verdict());
        Evaluation.Report tie = Evaluation.report("m", 2, List.of("A", "B"), good, good, bad, bad, null);
        assertTrue(tie.verdict().contains("does NOT beat") && tie.verdict().endsWith("is within chance: this one is."), tie.verdict());
    }

    @Test
    void splitTrainsOnOneSetAndMeasuresOnTheOther() {
        LabeledSongs data = Data.playlists("Bluey", "Country");
        int[][] split = Evaluation.holdout(data.size(), 0.25, 7);
        Evaluation.Report r = Evaluation.split(data.subset(split[0]), data.subset(split[1]), Fixtures.QUICK);
        assertEquals(split[1].length, r.network().songs());
        assertEquals(split[1].length, r.randomForest().songs());
        assertTrue(r.network().macroRocAuc() > 0.8, "Bluey vs Country AUC " + r.network().macroRocAuc());
    }
}
