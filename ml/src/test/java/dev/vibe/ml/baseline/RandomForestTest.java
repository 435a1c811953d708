package dev.vibe.ml.baseline;

import dev.vibe.ml.Data;
import dev.vibe.ml.data.LabeledSongs;
import dev.vibe.ml.eval.Evaluation;
import dev.vibe.ml.eval.Metrics;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RandomForestTest {

    @Test
    void oneSeededForestPerPlaylistSeparatesRealPlaylists() {
        LabeledSongs data = Data.playlists("Bluey", "Country", "No_Words_Allowed");
        int[][] split = Evaluation.holdout(data.size(), 0.3, 5);
        LabeledSongs train = data.subset(split[0]);
        LabeledSongs test = data.subset(split[1]);
        RandomForest forest = RandomForest.fit(train, RandomForest.GROUP, 7);
        double[][] p = forest.predict(test.featureMatrix());
        Metrics m = Metrics.of(data.playlists(), p, test.labelMatrix());
        assertTrue(m.macroRocAuc() > 0.85, "AUC " + m.macroRocAuc());
        assertTrue(m.top1Accuracy() > 0.7, "top-1 " + m.top1Accuracy());
        for (double[] row : p) {
            for (double v : row) {
                assertTrue(v >= 0 && v <= 1, "a probability: " + v);
            }
        }
        // independent per playlist (multi-label), not a distribution over playlists
        assertTrue(Arrays.stream(p).anyMatch(row -> Math.abs(Arrays.stream(row).sum() - 1) > 0.05));
        double[][] again = RandomForest.fit(train, RandomForest.GROUP, 7).predict(test.featureMatrix());
        for (int i = 0; i < p.length; i++) {
            assertArrayEquals(p[i], again[i], "same seed, same forest");
        }
    }

    @Test
    void aForestGrownByTwoThreadsIsTheForestGrownByOne() throws Exception {
        // two groups of trees: one for each thread
        LabeledSongs data = Data.playlists("Bluey", "Country");
        double[][] songs = data.featureMatrix();
        double[][] one = RandomForest.fit(data, 2 * RandomForest.GROUP, 9).predict(songs);
        for (int round = 0; round < 3; round++) {
            RandomForest.Growth growth = new RandomForest.Growth(data, 2 * RandomForest.GROUP, 9);
            Thread other = new Thread(growth::work);
            other.start();
            double[][] two = growth.join().predict(songs); // this thread takes the groups the other has not begun
            other.join();
            for (int i = 0; i < songs.length; i++) {
                assertArrayEquals(one[i], two[i], "song " + i);
            }
        }
    }

    @Test
    void aSongOnTwoPlaylistsIsAPositiveOfBothForests() {
        // Liked Songs contains songs of Acoustic: those songs must score high on both
        LabeledSongs data = Data.playlists("Liked_Songs", "Acoustic");
        RandomForest forest = RandomForest.fit(data, 30, 3);
        List<LabeledSongs.Song> both = data.songs().stream().filter(s -> s.labels()[0] && s.labels()[1]).toList();
        assertTrue(both.size() > 5);
        double[][] p = forest.predict(both.stream().map(LabeledSongs.Song::features).toArray(double[][]::new));
        double meanAcoustic = Arrays.stream(p).mapToDouble(r -> r[1]).average().orElseThrow();
        double meanLiked = Arrays.stream(p).mapToDouble(r -> r[0]).average().orElseThrow();
        assertTrue(meanAcoustic > 0.5 && meanLiked > 0.5, "training songs on both: " + meanLiked + " / " + meanAcoustic);
    }

    @Test
    void aPlaylistWithoutNegativesIsAlwaysYes() {
        LabeledSongs data = Data.playlists("Bluey", "Country");
        // every song of Bluey alone: playlist 0 is all positives
        LabeledSongs onlyBluey = data.subset(IntStream.range(0, data.size()).filter(i -> data.songs().get(i).labels()[0]).toArray());
        double[][] p = RandomForest.fit(onlyBluey, RandomForest.GROUP, 1).predict(data.featureMatrix());
        assertEquals(1.0, p[0][0]);
    }
}
