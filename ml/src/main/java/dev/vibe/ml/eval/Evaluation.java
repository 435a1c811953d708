package dev.vibe.ml.eval;

import dev.vibe.ml.baseline.BaselineNetwork;
import dev.vibe.ml.baseline.LogisticRegression;
import dev.vibe.ml.baseline.NearestCentroid;
import dev.vibe.ml.baseline.RandomForest;
import dev.vibe.ml.baseline.TrainingOptions;
import dev.vibe.ml.data.BackgroundSongs;
import dev.vibe.ml.data.LabeledSongs;
import dev.vibe.ml.data.Shuffling;
import dev.vibe.ml.net.TrainingProgress;
import dev.vibe.ml.net.VibeNet;
import dev.vibe.ml.net.VibeNetOptions;
import dev.vibe.ml.net.VibeNetTrainer;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.Arrays;

/**
 * Honest evaluation: the network and three baselines (random forest, logistic regression, nearest centroid)
 * trained on the same training songs and measured on the same held-out songs, by a single split or k-fold
 * cross-validation. The network is measured exactly as it is served (its ONNX graph computes the same function).
 *
 * <p>Two views, each measured where it belongs: the closed-set figures (top-1, macro ROC-AUC among the playlists'
 * songs, calibration) take the network's conditional view, as the baselines, which only ever see the playlists' songs;
 * the open-set figures ({@link OpenSetMetrics}) take its absolute view, on held-out playlist songs against held-out
 * background songs.
 */
public final class Evaluation {

    private Evaluation() {
    }

    /**
     * The models' metrics on the same held-out songs.
     *
     * @param bestBaseline          the baseline with the highest macro ROC-AUC ("randomForest", ...)
     * @param networkBeatsBaselines the network is ahead of every baseline on both top-1 accuracy and macro ROC-AUC
     * @param openSet               the network's absolute view on held-out playlist and background songs (null if none)
     */
    public record Report(String method, int songs, List<String> playlists, Metrics network, Metrics randomForest, Metrics logisticRegression,
                         Metrics nearestCentroid, String bestBaseline, boolean networkBeatsBaselines, String verdict, OpenSetMetrics openSet) {

        /** The baselines by name, in report order. */
        public Map<String, Metrics> baselines() {
            Map<String, Metrics> b = new LinkedHashMap<>();
            b.put("randomForest", randomForest);
            b.put("logisticRegression", logisticRegression);
            b.put("nearestCentroid", nearestCentroid);
            return b;
        }
    }

    /** Trains on {@code train}, measures on {@code test} (for example Exportify files of held-out songs); background: the bundled sample. */
    public static Report split(LabeledSongs train, LabeledSongs test, VibeNetOptions options) {
        List<LabeledSongs.Listed> background = BackgroundSongs.choose(merged(train, test), List.of(), List.of()).songs();
        int[][] b = holdout(background.size(), (double) test.size() / (train.size() + test.size()), options.seed());
        Fold f = fold(train, test, pick(background, b[0]), pick(background, b[1]), options, RandomForest.TREES);
        return report("train/test split (" + train.size() + " / " + test.size() + " songs)", train.size() + test.size(),
                train.playlists(), f.network, f.forest, f.logistic, f.centroid, f.openSet);
    }

    /** k-fold cross-validation over songs (seeded shuffle); each song is held out exactly once; background: the bundled sample. */
    public static Report crossValidate(LabeledSongs data, int k, VibeNetOptions options) {
        return crossValidate(data, k, options, RandomForest.TREES);
    }

    /** As above, with {@code forestTrees} trees per playlist in the random-forest baseline (a multiple of {@value RandomForest#GROUP}). */
    static Report crossValidate(LabeledSongs data, int k, VibeNetOptions options, int forestTrees) {
        if (k < 2 || k > data.size()) {
            throw new IllegalArgumentException("k must be between 2 and the number of songs (" + data.size() + "), got " + k);
        }
        List<LabeledSongs.Listed> background = BackgroundSongs.choose(data, List.of(), List.of()).songs();
        int[] order = Shuffling.shuffled(data.size(), new Random(options.seed()));
        int[] backgroundOrder = Shuffling.shuffled(background.size(), new Random(options.seed() + 1));
        List<Metrics> nn = new ArrayList<>();
        List<Metrics> rf = new ArrayList<>();
        List<Metrics> lr = new ArrayList<>();
        List<Metrics> nc = new ArrayList<>();
        Fold last = null;
        for (int fold = 0; fold < k; fold++) {
            int[][] songs = folds(order, k, fold);
            int[][] others = folds(backgroundOrder, k, fold);
            Fold f = fold(data.subset(songs[0]), data.subset(songs[1]), pick(background, others[0]), pick(background, others[1]), options, forestTrees);
            nn.add(f.network);
            rf.add(f.forest);
            lr.add(f.logistic);
            nc.add(f.centroid);
            last = f;
        }
        return report(k + "-fold cross-validation", data.size(), data.playlists(), Metrics.mean(nn), Metrics.mean(rf), Metrics.mean(lr),
                Metrics.mean(nc), last.openSet);
    }

    /** {train, test} positions of {@code order} for fold {@code fold} of {@code k}. */
    private static int[][] folds(int[] order, int k, int fold) {
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int i = 0; i < order.length; i++) {
            (i % k == fold ? test : train).add(order[i]);
        }
        return new int[][]{train.stream().mapToInt(Integer::intValue).toArray(), test.stream().mapToInt(Integer::intValue).toArray()};
    }

    private static LabeledSongs merged(LabeledSongs a, LabeledSongs b) {
        List<LabeledSongs.Song> all = new ArrayList<>(a.songs());
        all.addAll(b.songs());
        return new LabeledSongs(a.playlists(), all);
    }

    static List<LabeledSongs.Listed> pick(List<LabeledSongs.Listed> songs, int[] indices) {
        List<LabeledSongs.Listed> out = new ArrayList<>(indices.length);
        for (int i : indices) {
            out.add(songs.get(i));
        }
        return out;
    }

    /**
     * A model to serve and its honest report: the network IS the one measured on the held-out songs.
     *
     * @param heldOut each playlist song's two views by a model that did not train on it (the ensemble members that held it
     *                out, or the served network for the songs held out of training for the report), by track id
     */
    public record Outcome(VibeNet network, Report report, VibeNetTrainer.Result training, Map<String, VibeNet.Probabilities> heldOut) {
    }

    /**
     * Holds out {@code testShare} of the songs and of the background songs (seeded), trains the network and the
     * baselines on the rest, and measures all of them on the held-out songs. The returned network is the evaluated one
     * (no retraining), so the metrics describe exactly what gets served.
     */
    public static Outcome trainAndEvaluate(LabeledSongs data, List<LabeledSongs.Listed> background, double testShare, VibeNetOptions options,
                                           TrainingProgress progress) {
        return trainAndEvaluate(data, background, testShare, options, RandomForest.TREES, progress);
    }

    /** As above, with {@code forestTrees} trees per playlist in the random-forest baseline (a multiple of {@value RandomForest#GROUP}). */
    public static Outcome trainAndEvaluate(LabeledSongs data, List<LabeledSongs.Listed> background, double testShare, VibeNetOptions options,
                                           int forestTrees, TrainingProgress progress) {
        int[][] split = holdout(data.size(), testShare, options.seed());
        int[][] backgroundSplit = holdout(background.size(), testShare, options.seed() + 1);
        LabeledSongs train = data.subset(split[0]);
        LabeledSongs test = data.subset(split[1]);
        List<LabeledSongs.Listed> backgroundTest = pick(background, backgroundSplit[1]);
        RandomForest.Growth forest = forest(train, forestTrees, options.seed());
        VibeNetOptions scaled = options.scaledTo(train.size());
        VibeNetTrainer.Ensemble ensemble = VibeNetTrainer.ensemble(train, pick(background, backgroundSplit[0]), scaled, progress);
        Trained t = serve(ensemble, scaled, train, forest);
        double[][] x = test.featureMatrix();
        boolean[][] y = test.labelMatrix();
        List<String> names = data.playlists();
        VibeNet net = t.result.network();
        OpenSetMetrics openSet = OpenSetMetrics.of(names, net.absolute(x), y, net.absolute(features(backgroundTest)), t.result.fitsNoneBelow());
        Report report = report("holdout " + Math.round(testShare * 100) + "% (" + train.size() + " train / " + test.size() + " test songs, "
                        + backgroundSplit[0].length + " / " + backgroundSplit[1].length + " background songs)",
                data.size(), names, Metrics.of(names, net.conditional(x), y), Metrics.of(names, t.baselines.forest.predict(x), y),
                Metrics.of(names, t.baselines.logistic.predict(x), y), Metrics.of(names, t.baselines.centroid.predict(x), y), openSet);
        Map<String, VibeNet.Probabilities> heldOut = new LinkedHashMap<>();
        for (int i = 0; i < train.size(); i++) {
            if (t.result.heldOut()[i] != null) {
                heldOut.put(train.songs().get(i).id(), t.result.heldOut()[i]);
            }
        }
        for (int i = 0; i < test.size(); i++) {
            heldOut.put(test.songs().get(i).id(), net.predict(x[i]));
        }
        return new Outcome(net, report, t.result, heldOut);
    }

    public static double[][] features(List<LabeledSongs.Listed> songs) {
        return songs.stream().map(LabeledSongs.Listed::features).toArray(double[][]::new);
    }

    /** A seeded holdout split: {@code share} of the songs for testing. */
    public static int[][] holdout(int n, double share, long seed) {
        if (n == 0) {
            return new int[][]{new int[0], new int[0]};
        }
        int[] order = Shuffling.shuffled(n, new Random(seed ^ 0x5DEECE66DL));
        int testSize = Math.max(1, (int) Math.round(n * share));
        return new int[][]{Arrays.copyOfRange(order, testSize, n), Arrays.copyOfRange(order, 0, testSize)};
    }

    private record Baselines(RandomForest forest, BaselineNetwork logistic, NearestCentroid centroid) {
    }

    private record Trained(VibeNetTrainer.Result result, Baselines baselines) {
    }

    /**
     * The forest grows on a thread of its own while the network trains, and the training thread joins in once the
     * ensemble is done (plain Java, seeded per group of trees: the result does not depend on timing or on which thread
     * grew which group). The other baselines train after the network, as they share the engine's random state.
     */
    private static final ExecutorService FORESTS = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "vibe-random-forest");
        t.setDaemon(true);
        return t;
    });

    /** Starts the forest on its own thread; {@link #serve} joins in. */
    private static RandomForest.Growth forest(LabeledSongs train, int trees, long seed) {
        RandomForest.Growth growth = RandomForest.growing(train, trees, seed);
        FORESTS.execute(growth::work);
        return growth;
    }

    /**
     * What is served, and the baselines: when the student learns from the forest too, this thread first helps the
     * forest grow; then the student, the logistic regression and the centroids.
     */
    private static Trained serve(VibeNetTrainer.Ensemble ensemble, VibeNetOptions options, LabeledSongs train, RandomForest.Growth growth) {
        RandomForest forest = options.student().forestShare() > 0 ? growth.join() : null;
        VibeNetTrainer.Result result = VibeNetTrainer.serve(ensemble, options, forest);
        TrainingOptions lr = TrainingOptions.defaults().withSeed(options.seed()).logisticRegression().scaledTo(train.size());
        BaselineNetwork logistic = LogisticRegression.train(train, lr, TrainingProgress.NONE).network();
        NearestCentroid centroid = NearestCentroid.fit(train);
        return new Trained(result, new Baselines(forest != null ? forest : growth.join(), logistic, centroid));
    }

    private record Fold(Metrics network, Metrics forest, Metrics logistic, Metrics centroid, OpenSetMetrics openSet) {
    }

    private static Fold fold(LabeledSongs train, LabeledSongs test, List<LabeledSongs.Listed> backgroundTrain, List<LabeledSongs.Listed> backgroundTest,
                             VibeNetOptions options, int forestTrees) {
        double[][] x = test.featureMatrix();
        boolean[][] y = test.labelMatrix();
        List<String> names = train.playlists();
        RandomForest.Growth forest = forest(train, forestTrees, options.seed());
        VibeNetOptions scaled = options.scaledTo(train.size());
        Trained t = serve(VibeNetTrainer.ensemble(train, backgroundTrain, scaled, TrainingProgress.NONE), scaled, train, forest);
        VibeNet net = t.result.network();
        OpenSetMetrics openSet = OpenSetMetrics.of(names, net.absolute(x), y, net.absolute(features(backgroundTest)), t.result.fitsNoneBelow());
        return new Fold(Metrics.of(names, net.conditional(x), y), Metrics.of(names, t.baselines.forest.predict(x), y),
                Metrics.of(names, t.baselines.logistic.predict(x), y), Metrics.of(names, t.baselines.centroid.predict(x), y), openSet);
    }

    /**
     * How large a top-1 difference chance alone makes on this many measured songs, in words: two standard errors of
     * the difference of two accuracies near these (a conservative, unpaired bound), so that a listener does not read a
     * verdict on 40 songs as a law.
     */
    static String chance(Metrics nn, Metrics best) {
        if (nn.songs() <= 0) {
            return "";
        }
        int n = nn.songs();
        double p = ((nn.top1Accuracy() + best.top1Accuracy()) / 2 * n + 1) / (n + 2); // kept off 0 and 1: a tie of two perfect models is still chance
        double twoSe = 2 * Math.sqrt(2 * p * (1 - p) / n);
        boolean within = Math.abs(nn.top1Accuracy() - best.top1Accuracy()) < twoSe;
        return String.format(Locale.ROOT, " On %d held-out songs a top-1 difference below %.3f is within chance%s.", n, twoSe,
                within ? ": this one is" : "");
    }

    static Report report(String method, int songs, List<String> playlists, Metrics nn, Metrics rf, Metrics lr, Metrics nc, OpenSetMetrics openSet) {
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
        verdict += chance(nn, b);
        return new Report(method, songs, playlists, nn, rf, lr, nc, best, beatsTop1 && beatsAuc, verdict, openSet);
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
