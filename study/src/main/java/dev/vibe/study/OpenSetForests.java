package dev.vibe.study;

import dev.vibe.ml.data.LabeledSongs;
import dev.vibe.ml.data.MissingValues;
import dev.vibe.ml.eval.Metrics;
import dev.vibe.ml.eval.OpenSetMetrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The open-set benchmark's forests ({@link OpenSetQuality}): grown with the background songs as negatives or without,
 * and their figures; forests are deterministic, so their figures can be kept in a file and read back.
 */
final class OpenSetForests {

    private OpenSetForests() {
    }

    static double[] forestFigures(LabeledSongs[] split, List<LabeledSongs.Listed> background, LabeledSongs plantedTrain, double[][] others, int listener,
                                  int trees, boolean misfits, boolean equalised) {
        int k = split[0].width();
        BaggedForest forest = grow(split[0], background, trees, 11, equalised);
        double[][] x = split[1].featureMatrix();
        boolean[][] y = split[1].labelMatrix();
        double[][] p = forest.predict(x);
        double[][] otherP = forest.predict(others);
        OpenSetMetrics open = OpenSetMetrics.of(split[1].playlists(), p, y, otherP, 0.5);
        Metrics closed = Metrics.of(split[1].playlists(), p, y);
        double misfit = Double.NaN;
        if (misfits) {
            BaggedForest planted = grow(plantedTrain, background, trees, 13, equalised);
            double[][] oob = Arrays.copyOf(planted.outOfBag(), plantedTrain.size());
            for (int i = 0; i < oob.length; i++) {
                for (int j = 0; j < k; j++) {
                    oob[i][j] = Double.isNaN(oob[i][j]) ? 0.5 : oob[i][j];
                }
            }
            misfit = OpenSetQuality.misfitRecall(plantedTrain, oob);
        }
        return OpenSetQuality.figures(open, closed, misfit, OpenSetMetrics.of(split[1].playlists(), p, y, Arrays.copyOf(otherP, listener), 0.5));
    }

    /**
     * The forest learns from the songs as the network does: each group with the same share of missing time signatures
     * ({@link MissingValues}), else "no time signature" would tell it the background from the playlists.
     */
    private static BaggedForest grow(LabeledSongs train, List<LabeledSongs.Listed> background, int trees, long seed, boolean equalised) {
        int n = train.size() + background.size();
        double[][] raw = new double[n][];
        boolean[][] labels = new boolean[n][];
        int[] group = new int[n];
        for (int i = 0; i < train.size(); i++) {
            raw[i] = train.songs().get(i).features();
            labels[i] = train.songs().get(i).labels();
            for (int k = labels[i].length - 1; k >= 0; k--) {
                group[i] = labels[i][k] ? k : group[i];
            }
        }
        for (int i = train.size(); i < n; i++) {
            raw[i] = background.get(i - train.size()).features();
            labels[i] = new boolean[train.width()];
            group[i] = train.width();
        }
        if (!equalised) {
            return BaggedForest.grow(raw, labels, train.width(), trees, seed, true);
        }
        MissingValues.Prepared eq = MissingValues.forTraining(raw, group, train.width() + 1, seed);
        return BaggedForest.grow(eq.raw(), labels, train.width(), trees, seed, eq.timeSignatureUsed());
    }

    static Map<String, double[]> readCache(Path file) throws IOException {
        Map<String, double[]> cached = new HashMap<>();
        if (file != null && Files.isRegularFile(file)) {
            for (String line : Files.readAllLines(file)) {
                String[] f = line.split("\t");
                double[] v = new double[OpenSetQuality.MEASURES.length];
                for (int i = 0; i < v.length; i++) {
                    v[i] = Double.parseDouble(f[3 + i]);
                }
                cached.put(f[0] + "\t" + f[1] + "\t" + f[2], v);
            }
        }
        return cached;
    }

    static synchronized void appendCache(Path file, String key, double[] figures) throws IOException {
        if (file == null) {
            return;
        }
        StringBuilder b = new StringBuilder(key);
        for (double v : figures) {
            b.append('\t').append(v);
        }
        b.append('\n');
        Files.writeString(file, b.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
