package dev.vibe.ml;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Honest evaluation: the network and two baselines (nearest centroid, logistic regression) trained on the same
 * training songs and measured on the same held-out songs, by a single split or k-fold cross-validation.
 */
public final class Evaluation {

    private Evaluation() {
    }

    /** The three models' metrics on the same held-out songs, and whether the network beats both baselines. */
    public record Report(String method, int songs, List<String> playlists, Metrics network, Metrics logisticRegression,
                         Metrics nearestCentroid, boolean networkBeatsBaselines, String verdict) {
    }

    /** Trains on {@code train}, measures on {@code test} (for example Exportify files of held-out songs). */
    public static Report split(LabeledSongs train, LabeledSongs test, TrainingOptions options) {
        Fold f = fold(train, test, options);
        return report("train/test split (" + train.size() + " / " + test.size() + " songs)", train.size() + test.size(),
                train.playlists(), f.network, f.logistic, f.centroid);
    }

    /** k-fold cross-validation over songs (seeded shuffle); each song is held out exactly once. */
    public static Report crossValidate(LabeledSongs data, int k, TrainingOptions options) {
        if (k < 2 || k > data.size()) {
            throw new IllegalArgumentException("k must be between 2 and the number of songs (" + data.size() + "), got " + k);
        }
        int[] order = MlpTrainer.shuffled(data.size(), new Random(options.seed()));
        List<Metrics> nn = new ArrayList<>();
        List<Metrics> lr = new ArrayList<>();
        List<Metrics> nc = new ArrayList<>();
        for (int fold = 0; fold < k; fold++) {
            List<Integer> trainIdx = new ArrayList<>();
            List<Integer> testIdx = new ArrayList<>();
            for (int i = 0; i < order.length; i++) {
                (i % k == fold ? testIdx : trainIdx).add(order[i]);
            }
            Fold f = fold(data.subset(trainIdx.stream().mapToInt(Integer::intValue).toArray()),
                    data.subset(testIdx.stream().mapToInt(Integer::intValue).toArray()), options);
            nn.add(f.network);
            lr.add(f.logistic);
            nc.add(f.centroid);
        }
        return report(k + "-fold cross-validation", data.size(), data.playlists(), Metrics.mean(nn), Metrics.mean(lr), Metrics.mean(nc));
    }

    /** A model to serve and its honest report: the network IS the one measured on the held-out songs. */
    public record Outcome(Network network, Report report, MlpTrainer.Result training) {
    }

    /**
     * Holds out {@code testShare} of the songs (seeded), trains the network and both baselines on the rest, and
     * measures all three on the held-out songs. The returned network is the evaluated one (no retraining), so the
     * metrics describe exactly what gets served.
     */
    public static Outcome trainAndEvaluate(LabeledSongs data, double testShare, TrainingOptions options, TrainingProgress progress) {
        int[][] split = holdout(data.size(), testShare, options.seed());
        LabeledSongs train = data.subset(split[0]);
        LabeledSongs test = data.subset(split[1]);
        MlpTrainer.Result result = MlpTrainer.train(train, options.scaledTo(train.size()), progress);
        Network logistic = MlpTrainer.train(train, options.logisticRegression().scaledTo(train.size()), TrainingProgress.NONE).network();
        NearestCentroid centroid = NearestCentroid.fit(train);
        double[][] x = test.featureMatrix();
        boolean[][] y = test.labelMatrix();
        Report report = report("holdout " + Math.round(testShare * 100) + "% (" + train.size() + " train / " + test.size() + " test songs)",
                data.size(), data.playlists(), Metrics.of(data.playlists(), result.network().predict(x), y),
                Metrics.of(data.playlists(), logistic.predict(x), y), Metrics.of(data.playlists(), centroid.predict(x), y));
        return new Outcome(result.network(), report, result);
    }

    /** A seeded holdout split: {@code share} of the songs for testing. */
    public static int[][] holdout(int n, double share, long seed) {
        int[] order = MlpTrainer.shuffled(n, new Random(seed ^ 0x5DEECE66DL));
        int testSize = Math.max(1, (int) Math.round(n * share));
        return new int[][]{java.util.Arrays.copyOfRange(order, testSize, n), java.util.Arrays.copyOfRange(order, 0, testSize)};
    }

    private record Fold(Metrics network, Metrics logistic, Metrics centroid) {
    }

    private static Fold fold(LabeledSongs train, LabeledSongs test, TrainingOptions options) {
        double[][] x = test.featureMatrix();
        boolean[][] y = test.labelMatrix();
        Network network = MlpTrainer.train(train, options.scaledTo(train.size()), TrainingProgress.NONE).network();
        Network logistic = MlpTrainer.train(train, options.logisticRegression().scaledTo(train.size()), TrainingProgress.NONE).network();
        NearestCentroid centroid = NearestCentroid.fit(train);
        return new Fold(Metrics.of(train.playlists(), network.predict(x), y), Metrics.of(train.playlists(), logistic.predict(x), y),
                Metrics.of(train.playlists(), centroid.predict(x), y));
    }

    private static Report report(String method, int songs, List<String> playlists, Metrics nn, Metrics lr, Metrics nc) {
        boolean beatsF1 = nn.macroF1() > lr.macroF1() && nn.macroF1() > nc.macroF1();
        boolean beatsAuc = nn.macroRocAuc() > lr.macroRocAuc() && nn.macroRocAuc() > nc.macroRocAuc();
        String verdict;
        if (beatsF1 && beatsAuc) {
            verdict = "The network beats both baselines on macro-F1 and ROC-AUC.";
        } else if (beatsF1 || beatsAuc) {
            verdict = "The network beats both baselines on " + (beatsF1 ? "macro-F1" : "ROC-AUC") + " but not on "
                    + (beatsF1 ? "ROC-AUC" : "macro-F1") + ".";
        } else {
            verdict = "The network does NOT beat the baselines here: with this little data a simpler model is as good.";
        }
        return new Report(method, songs, playlists, nn, lr, nc, beatsF1 && beatsAuc, verdict);
    }
}
