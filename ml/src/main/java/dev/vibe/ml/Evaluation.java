package dev.vibe.ml;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Honest evaluation: the network and three baselines (random forest, logistic regression, nearest centroid)
 * trained on the same training songs and measured on the same held-out songs, by a single split or k-fold
 * cross-validation. The network is measured exactly as it is served (its ONNX graph computes the same function).
 */
public final class Evaluation {

    private Evaluation() {
    }

    /**
     * The models' metrics on the same held-out songs.
     *
     * @param bestBaseline          the baseline with the highest macro ROC-AUC ("randomForest", ...)
     * @param networkBeatsBaselines the network is ahead of every baseline on both top-1 accuracy and macro ROC-AUC
     */
    public record Report(String method, int songs, List<String> playlists, Metrics network, Metrics randomForest, Metrics logisticRegression,
                         Metrics nearestCentroid, String bestBaseline, boolean networkBeatsBaselines, String verdict) {

        /** The baselines by name, in report order. */
        public Map<String, Metrics> baselines() {
            Map<String, Metrics> b = new LinkedHashMap<>();
            b.put("randomForest", randomForest);
            b.put("logisticRegression", logisticRegression);
            b.put("nearestCentroid", nearestCentroid);
            return b;
        }
    }

    /** Trains on {@code train}, measures on {@code test} (for example Exportify files of held-out songs). */
    public static Report split(LabeledSongs train, LabeledSongs test, VibeNetOptions options) {
        Fold f = fold(train, test, options);
        return report("train/test split (" + train.size() + " / " + test.size() + " songs)", train.size() + test.size(),
                train.playlists(), f.network, f.forest, f.logistic, f.centroid);
    }

    /** k-fold cross-validation over songs (seeded shuffle); each song is held out exactly once. */
    public static Report crossValidate(LabeledSongs data, int k, VibeNetOptions options) {
        if (k < 2 || k > data.size()) {
            throw new IllegalArgumentException("k must be between 2 and the number of songs (" + data.size() + "), got " + k);
        }
        int[] order = MlpTrainer.shuffled(data.size(), new Random(options.seed()));
        List<Metrics> nn = new ArrayList<>();
        List<Metrics> rf = new ArrayList<>();
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
            rf.add(f.forest);
            lr.add(f.logistic);
            nc.add(f.centroid);
        }
        return report(k + "-fold cross-validation", data.size(), data.playlists(), Metrics.mean(nn), Metrics.mean(rf), Metrics.mean(lr),
                Metrics.mean(nc));
    }

    /** A model to serve and its honest report: the network IS the one measured on the held-out songs. */
    public record Outcome(VibeNet network, Report report, VibeNetTrainer.Result training) {
    }

    /**
     * Holds out {@code testShare} of the songs (seeded), trains the network and the baselines on the rest, and
     * measures all of them on the held-out songs. The returned network is the evaluated one (no retraining), so the
     * metrics describe exactly what gets served.
     */
    public static Outcome trainAndEvaluate(LabeledSongs data, double testShare, VibeNetOptions options, TrainingProgress progress) {
        return trainAndEvaluate(data, testShare, options, RandomForest.TREES, progress);
    }

    /** As above, with {@code forestTrees} trees per playlist in the random-forest baseline (a multiple of {@value RandomForest#GROUP}). */
    public static Outcome trainAndEvaluate(LabeledSongs data, double testShare, VibeNetOptions options, int forestTrees, TrainingProgress progress) {
        int[][] split = holdout(data.size(), testShare, options.seed());
        LabeledSongs train = data.subset(split[0]);
        LabeledSongs test = data.subset(split[1]);
        RandomForest.Growth forest = forest(train, forestTrees, options.seed());
        VibeNetTrainer.Result result = VibeNetTrainer.train(train, options.scaledTo(train.size()), progress);
        Baselines b = baselines(train, forest, options.seed());
        double[][] x = test.featureMatrix();
        boolean[][] y = test.labelMatrix();
        List<String> names = data.playlists();
        Report report = report("holdout " + Math.round(testShare * 100) + "% (" + train.size() + " train / " + test.size() + " test songs)",
                data.size(), names, Metrics.of(names, result.network().predict(x), y), Metrics.of(names, b.forest.predict(x), y),
                Metrics.of(names, b.logistic.predict(x), y), Metrics.of(names, b.centroid.predict(x), y));
        return new Outcome(result.network(), report, result);
    }

    /** A seeded holdout split: {@code share} of the songs for testing. */
    public static int[][] holdout(int n, double share, long seed) {
        int[] order = MlpTrainer.shuffled(n, new Random(seed ^ 0x5DEECE66DL));
        int testSize = Math.max(1, (int) Math.round(n * share));
        return new int[][]{java.util.Arrays.copyOfRange(order, testSize, n), java.util.Arrays.copyOfRange(order, 0, testSize)};
    }

    private record Baselines(RandomForest forest, Network logistic, NearestCentroid centroid) {
    }

    /**
     * The forest grows on a thread of its own while the network trains, and the training thread joins in once the
     * network and the other baselines are done (plain Java, seeded per group of trees: the result does not depend on
     * timing or on which thread grew which group). The other baselines train after the network, as they share the
     * engine's random state.
     */
    private static final ExecutorService FORESTS = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vibe-random-forest");
        t.setDaemon(true);
        return t;
    });

    /** Starts the forest on its own thread; {@link #baselines} joins in. */
    private static RandomForest.Growth forest(LabeledSongs train, int trees, long seed) {
        RandomForest.Growth growth = RandomForest.growing(train, trees, seed);
        FORESTS.execute(growth::work);
        return growth;
    }

    /** The other baselines, then the forest: this thread grows the groups of trees the forest thread has not begun. */
    private static Baselines baselines(LabeledSongs train, RandomForest.Growth forest, long seed) {
        TrainingOptions lr = TrainingOptions.defaults().withSeed(seed).logisticRegression().scaledTo(train.size());
        Network logistic = MlpTrainer.train(train, lr, TrainingProgress.NONE).network();
        NearestCentroid centroid = NearestCentroid.fit(train);
        return new Baselines(forest.join(), logistic, centroid);
    }

    private record Fold(Metrics network, Metrics forest, Metrics logistic, Metrics centroid) {
    }

    private static Fold fold(LabeledSongs train, LabeledSongs test, VibeNetOptions options) {
        double[][] x = test.featureMatrix();
        boolean[][] y = test.labelMatrix();
        List<String> names = train.playlists();
        RandomForest.Growth forest = forest(train, RandomForest.TREES, options.seed());
        VibeNet network = VibeNetTrainer.train(train, options.scaledTo(train.size()), TrainingProgress.NONE).network();
        Baselines b = baselines(train, forest, options.seed());
        return new Fold(Metrics.of(names, network.predict(x), y), Metrics.of(names, b.forest.predict(x), y),
                Metrics.of(names, b.logistic.predict(x), y), Metrics.of(names, b.centroid.predict(x), y));
    }

    static Report report(String method, int songs, List<String> playlists, Metrics nn, Metrics rf, Metrics lr, Metrics nc) {
        Map<String, Metrics> baselines = new LinkedHashMap<>();
        baselines.put("randomForest", rf);
        baselines.put("logisticRegression", lr);
        baselines.put("nearestCentroid", nc);
        String best = baselines.entrySet().stream()
                .max((a, b) -> Double.compare(orMin(a.getValue().macroRocAuc()), orMin(b.getValue().macroRocAuc()))).orElseThrow().getKey();
        boolean beatsTop1 = baselines.values().stream().allMatch(m -> nn.top1Accuracy() > m.top1Accuracy());
        boolean beatsAuc = baselines.values().stream().allMatch(m -> nn.macroRocAuc() > m.macroRocAuc());
        Metrics b = baselines.get(best);
        String versus = String.format(Locale.ROOT, "network top-1 %.3f, ROC-AUC %.3f; best baseline (%s) %.3f, %.3f",
                nn.top1Accuracy(), nn.macroRocAuc(), label(best), b.top1Accuracy(), b.macroRocAuc());
        String verdict;
        if (beatsTop1 && beatsAuc) {
            verdict = "The network beats every baseline on top-1 accuracy and ROC-AUC (" + versus + ").";
        } else if (beatsTop1 || beatsAuc) {
            verdict = "The network beats every baseline on " + (beatsTop1 ? "top-1 accuracy" : "ROC-AUC") + " but NOT on "
                    + (beatsTop1 ? "ROC-AUC" : "top-1 accuracy") + " (" + versus + ").";
        } else {
            verdict = "The network does NOT beat the baselines here (" + versus + "): on these songs a simpler model is as good.";
        }
        return new Report(method, songs, playlists, nn, rf, lr, nc, best, beatsTop1 && beatsAuc, verdict);
    }

    private static double orMin(double d) {
        return Double.isNaN(d) ? Double.NEGATIVE_INFINITY : d;
    }

    /** "randomForest" is "random forest". */
    public static String label(String baseline) {
        return switch (baseline) {
            case "randomForest" -> "random forest";
            case "logisticRegression" -> "logistic regression";
            case "nearestCentroid" -> "nearest centroid";
            default -> baseline;
        };
    }
}
