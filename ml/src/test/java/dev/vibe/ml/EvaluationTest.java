package dev.vibe.ml;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EvaluationTest {

    @Test
    void crossValidationReportsTheNetworkBesideBothBaselinesOnTheSameFolds() {
        LabeledSongs data = Data.playlists(Data.FOUR.toArray(String[]::new));
        Evaluation.Report r = Evaluation.crossValidate(data, 3, VibeNetOptions.defaults());
        assertEquals(data.size(), r.songs());
        for (Metrics m : java.util.List.of(r.network(), r.logisticRegression(), r.nearestCentroid())) {
            assertEquals(data.size(), m.songs(), "each song held out exactly once");
            assertEquals(4, m.playlists().size());
            // these four playlists are clearly different: every model must do far better than chance
            assertTrue(m.macroRocAuc() > 0.75, "AUC " + m.macroRocAuc());
            assertTrue(m.top1Accuracy() > 0.5, "top-1 " + m.top1Accuracy());
        }
        assertTrue(r.verdict().contains("network"));
    }

    @Test
    void splitTrainsOnOneSetAndMeasuresOnTheOther() {
        LabeledSongs data = Data.playlists("Bluey", "Country");
        int[][] split = Evaluation.holdout(data.size(), 0.25, 7);
        Evaluation.Report r = Evaluation.split(data.subset(split[0]), data.subset(split[1]), VibeNetOptions.defaults());
        assertEquals(split[1].length, r.network().songs());
        assertTrue(r.network().macroRocAuc() > 0.8, "Bluey vs Country AUC " + r.network().macroRocAuc());
    }
}
