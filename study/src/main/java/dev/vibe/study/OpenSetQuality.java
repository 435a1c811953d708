package dev.vibe.study;

import dev.vibe.ml.baseline.RandomForest;
import dev.vibe.ml.data.BackgroundSongs;
import dev.vibe.ml.data.LabeledSongs;
import dev.vibe.ml.data.MissingValues;
import dev.vibe.ml.eval.Evaluation;
import dev.vibe.ml.eval.Metrics;
import dev.vibe.ml.eval.OpenSetMetrics;
import dev.vibe.ml.net.TrainingProgress;
import dev.vibe.ml.net.VibeNet;
import dev.vibe.ml.net.VibeNetOptions;
import dev.vibe.ml.net.VibeNetTrainer;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The open-set benchmark (bench/open-set.sh): on the design study's 26 tasks x 3 splits ({@link ModelQuality}), each
 * task's held-out songs against "others", songs of the bundled data on none of the task's playlists: every song of
 * the other Exportify playlists (the same listener's) and 3,000 TidyTuesday songs that are not in the bundled
 * background sample (so never a training negative) and not of the task's TidyTuesday groups (a song of the subgenre
 * or playlist a task samples is on it, sampled or not).
 *
 * <p>Figures per task-split: per playlist the ROC-AUC of its own held-out songs against the others and the share of
 * its own among the 20 songs it ranks first (P@20), means over playlists; the share of others that some playlist gives
 * more than 0.5; misfits: 8 songs of another task's playlist planted among each playlist's training songs, the share of
 * them among the playlist's 16 least fitting (by a probability of a model that did not train on the song: the ensemble
 * members that held it out, the forest's out-of-bag trees); and the closed-set figures (top-1, macro ROC-AUC, ECE among
 * the playlists' held-out songs; the network's conditional view).
 *
 * <p>Models: the network as served (trained with the background as a trainer with nothing loaded takes it: the
 * bundled sample), its conditional view read as if it were absolute (what the network said before it knew the world),
 * a random forest trained with the same background songs as negatives, and one without. The forests learn from the
 * songs as the network does ({@link MissingValues}: with the bundled background, which has no time signature, time
 * signature is left out); a third forest keeps time signatures as given, so "no time signature" tells it the
 * background from the playlists: it is shown to say what that is worth here (the TidyTuesday others have none either,
 * the listener's songs all have one). Forests are deterministic:
 * with {@code --forests FILE} their figures are kept there and read back on the next run.
 */
public final class OpenSetQuality {

    static final int LEAST = 16;
    static final String[] MEASURES = {"open AUC", "P@20", "claimed", "misfits", "top-1", "AUC", "ECE", "open ECE", "lis. AUC", "lis. clm"};
    static final int OPEN_AUC = 0;
    static final int P20 = 1;
    static final int CLAIMED = 2;
    static final int MISFITS = 3;
    static final int TOP1 = 4;
    static final int CLOSED_AUC = 5;
    static final int CLOSED_ECE = 6;
    static final int OPEN_ECE = 7;
    /** Open AUC and others claimed among the listener's songs only (the other Exportify playlists): all have a time signature. */
    static final int LISTENER_AUC = 8;
    static final int LISTENER_CLAIMED = 9;
    static final String NETWORK = "network";
    static final String CONDITIONAL = "network-conditional";
    static final String FOREST_BACKGROUND = "forest+background";
    static final String FOREST = "forest";
    static final String FOREST_RAW = "forest+bg, ts as given";

    /** Forms of the network to compare, by name. */
    static final Map<String, Function<VibeNetOptions, VibeNetOptions>> VARIANTS = new LinkedHashMap<>();

    static {
        VARIANTS.put("direct", o -> o.withOpenSet(o.openSet().withCombination(VibeNet.Combination.DIRECT)));
        VARIANTS.put("mean", o -> o.withOpenSet(o.openSet().withCombination(VibeNet.Combination.MEAN)));
        VARIANTS.put("background1", o -> o.withOpenSet(o.openSet().withBackgroundPerSong(1)));
        VARIANTS.put("background4", o -> o.withOpenSet(o.openSet().withBackgroundPerSong(4)));
        VARIANTS.put("encode-playlists", o -> o.withOpenSet(o.openSet().withEncodeBackground(false)));
        VARIANTS.put("student-background4", o -> o.withOpenSet(o.openSet().withStudentBackgroundPerSong(4)));
        VARIANTS.put("forest-teacher0.3", o -> o.withStudent(o.student().withForestShare(0.3)));
        VARIANTS.put("forest-teacher0.5", o -> o.withStudent(o.student().withForestShare(0.5)));
        VARIANTS.put("ensemble20", o -> o.withServing(VibeNetOptions.Serve.MEMBERS, 20));
        VARIANTS.put("world-weight10", o -> o.withOpenSet(o.openSet().withMaxWorldPositiveWeight(10)));
        VARIANTS.put("positive-weight3", o -> o.withMaxPositiveWeight(3));
    }

    private OpenSetQuality() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of("data");
        List<String> variants = new ArrayList<>();
        String only = null;
        Path forestFile = null;
        int splits = ModelQuality.SALTS.length;
        int trees = 60;
        boolean misfits = true;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--variants" -> variants = List.of(args[++i].split(","));
                case "--tasks" -> only = args[++i];
                case "--forests" -> forestFile = Path.of(args[++i]);
                case "--splits" -> splits = Integer.parseInt(args[++i]);
                case "--trees" -> trees = Integer.parseInt(args[++i]);
                case "--no-misfits" -> misfits = false;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (--data DIR, --variants a,b, --tasks PREFIX, --forests FILE, --splits N, --trees N, --no-misfits)");
            }
        }
        for (String v : variants) {
            if (!VARIANTS.containsKey(v)) {
                throw new IllegalArgumentException("unknown variant " + v + "; known: " + VARIANTS.keySet());
            }
        }
        List<ModelQuality.Task> tasks = ModelQuality.tasks(data);
        String prefix = only;
        if (prefix != null) {
            tasks = tasks.stream().filter(t -> t.name().startsWith(prefix)).toList();
        }
        Map<String, LabeledSongs.Listed> exportify = OpenSetSongs.exportify(data);
        List<OpenSetSongs.Tidy> tidy = OpenSetSongs.tidyOthers(data.resolve("catalogue/tidytuesday_spotify_songs.csv.gz"));
        List<ModelQuality.Task> all = ModelQuality.tasks(data);
        List<String> models = new ArrayList<>(List.of(NETWORK, CONDITIONAL, FOREST_BACKGROUND, FOREST, FOREST_RAW));
        models.addAll(variants);
        Map<String, double[][][]> figures = new LinkedHashMap<>(); // [model][task][split][measure]
        for (String m : models) {
            figures.put(m, new double[tasks.size()][splits][]);
        }
        Map<String, double[]> cached = OpenSetForests.readCache(forestFile);
        VibeNetOptions options = VibeNetOptions.defaults();
        ExecutorService forests = Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "open-set-forests");
            t.setDaemon(true);
            return t;
        });
        long networkMillis = 0;
        System.out.printf(Locale.ROOT, "%-6s %-5s %-9s %6s | %-26s | %-26s | %-26s%n", "task", "split", "train/test", "others",
                "network AUC/P@20/claimed/mis", "forest+bg AUC/P@20/cl/mis", "network t1/AUC, forest t1/AUC");
        for (int t = 0; t < tasks.size(); t++) {
            ModelQuality.Task task = tasks.get(t);
            List<LabeledSongs.Listed> others = OpenSetSongs.others(task, exportify, tidy);
            double[][] otherX = Evaluation.features(others);
            int listener = (int) others.stream().filter(o -> exportify.containsKey(o.id())).count(); // they come first
            Map<Integer, List<LabeledSongs.Listed>> planted = OpenSetSongs.planted(task, all);
            for (int s = 0; s < splits; s++) {
                LabeledSongs[] split = ModelQuality.split(task.songs(), ModelQuality.SALTS[s]);
                List<LabeledSongs.Listed> background = ModelQuality.background(split);
                LabeledSongs plantedTrain = OpenSetSongs.withPlanted(split[0], planted);
                String key = task.name() + "\t" + s + "\t";
                int ti = t;
                int si = s;
                List<Future<?>> forestWork = new ArrayList<>();
                for (String f : List.of(FOREST_BACKGROUND, FOREST, FOREST_RAW)) {
                    if (cached.containsKey(key + f)) {
                        figures.get(f)[t][s] = cached.get(key + f);
                        continue;
                    }
                    int treeCount = trees;
                    boolean withMisfits = misfits && !f.equals(FOREST_RAW);
                    Path file = forestFile;
                    forestWork.add(forests.submit(() -> {
                        double[] v = OpenSetForests.forestFigures(split, f.equals(FOREST) ? List.of() : background, plantedTrain, otherX, listener, treeCount, withMisfits,
                                !f.equals(FOREST_RAW));
                        figures.get(f)[ti][si] = v;
                        OpenSetForests.appendCache(file, key + f, v);
                        return null;
                    }));
                }
                long t0 = System.nanoTime();
                Map<VibeNetOptions, VibeNetTrainer.Ensemble> ensembles = new HashMap<>();
                Map<VibeNetOptions, VibeNetTrainer.Ensemble> plantedEnsembles = new HashMap<>();
                for (String m : Stream.concat(Stream.of(NETWORK), variants.stream()).toList()) {
                    VibeNetOptions vo = m.equals(NETWORK) ? options : VARIANTS.get(m).apply(options);
                    VibeNetOptions trainedAs = ensembleOptions(vo, options);
                    VibeNetTrainer.Ensemble e = ensembles.computeIfAbsent(trainedAs, o -> VibeNetTrainer.ensemble(split[0], background, vo, TrainingProgress.NONE));
                    RandomForest forest = vo.student().forestShare() > 0 ? RandomForest.fit(split[0], RandomForest.TREES, vo.seed()) : null;
                    VibeNetTrainer.Result r = VibeNetTrainer.serve(e, vo, forest);
                    VibeNetTrainer.Result planting = null;
                    if (misfits) {
                        VibeNetTrainer.Ensemble pe = plantedEnsembles.computeIfAbsent(trainedAs,
                                o -> VibeNetTrainer.ensemble(plantedTrain, background, vo, TrainingProgress.NONE));
                        RandomForest plantedForest = vo.student().forestShare() > 0 ? RandomForest.fit(plantedTrain, RandomForest.TREES, vo.seed()) : null;
                        planting = VibeNetTrainer.serve(pe, vo, plantedForest);
                    }
                    figures.get(m)[t][s] = networkFigures(r, planting, split, plantedTrain, otherX, listener, false);
                    if (m.equals(NETWORK)) {
                        figures.get(CONDITIONAL)[t][s] = networkFigures(r, planting, split, plantedTrain, otherX, listener, true);
                    }
                }
                networkMillis += (System.nanoTime() - t0) / 1_000_000;
                for (Future<?> w : forestWork) {
                    w.get();
                }
                double[] n = figures.get(NETWORK)[t][s];
                double[] f = figures.get(FOREST_BACKGROUND)[t][s];
                double[] c = figures.get(FOREST)[t][s];
                System.out.printf(Locale.ROOT, "%-6s %-5d %4d/%-4d %6d | %.3f %.3f %.3f %.3f    | %.3f %.3f %.3f %.3f    | %.3f/%.3f %.3f/%.3f%n",
                        task.name(), s, split[0].size(), split[1].size(), others.size(), n[OPEN_AUC], n[P20], n[CLAIMED], n[MISFITS],
                        f[OPEN_AUC], f[P20], f[CLAIMED], f[MISFITS], n[TOP1], n[CLOSED_AUC], c[TOP1], c[CLOSED_AUC]);
            }
        }
        forests.shutdown();
        summary(tasks.size() * splits, figures);
        System.out.printf(Locale.ROOT, "%nNetwork training (all forms, with and without planted songs) per task-split: %.2f s%n",
                networkMillis / 1000.0 / (tasks.size() * splits));
    }

    /** Options that give the same trained ensemble share one (serving, student, calibration and combination come after). */
    private static VibeNetOptions ensembleOptions(VibeNetOptions vo, VibeNetOptions defaults) {
        return vo.withServing(defaults.serve(), defaults.servedMembers()).withStudent(defaults.student())
                .withOpenSet(vo.openSet().withCombination(defaults.openSet().combination()).withStudentBackgroundPerSong(defaults.openSet().studentBackgroundPerSong()));
    }

    static double[] networkFigures(VibeNetTrainer.Result r, VibeNetTrainer.Result planting, LabeledSongs[] split, LabeledSongs plantedTrain,
                                   double[][] others, int listener, boolean conditionalAsAbsolute) {
        VibeNet net = r.network();
        double[][] x = split[1].featureMatrix();
        boolean[][] y = split[1].labelMatrix();
        double[][] conditional = net.conditional(x);
        double[][] absolute = conditionalAsAbsolute ? conditional : net.absolute(x);
        double[][] otherP = conditionalAsAbsolute ? net.conditional(others) : net.absolute(others);
        OpenSetMetrics open = OpenSetMetrics.of(split[1].playlists(), absolute, y, otherP, r.fitsNoneBelow());
        Metrics closed = Metrics.of(split[1].playlists(), conditional, y);
        double misfit = Double.NaN;
        if (planting != null) {
            double[][] heldOut = new double[plantedTrain.size()][];
            double[][] inSample = planting.network().absolute(plantedTrain.featureMatrix());
            for (int i = 0; i < heldOut.length; i++) {
                VibeNet.Probabilities p = planting.heldOut()[i];
                heldOut[i] = p == null ? inSample[i] : conditionalAsAbsolute ? p.conditional() : p.absolute();
            }
            misfit = misfitRecall(plantedTrain, heldOut);
        }
        return figures(open, closed, misfit, OpenSetMetrics.of(split[1].playlists(), absolute, y, Arrays.copyOf(otherP, listener), r.fitsNoneBelow()));
    }

    static double[] figures(OpenSetMetrics open, Metrics closed, double misfit, OpenSetMetrics listener) {
        return new double[]{open.macroRocAuc(), open.meanPrecisionAt20(), open.othersClaimed(), misfit, closed.top1Accuracy(), closed.macroRocAuc(),
                closed.expectedCalibrationError(), open.expectedCalibrationError(), listener.macroRocAuc(), listener.othersClaimed()};
    }

    /** Per playlist, the share of its planted songs among its {@value #LEAST} songs of lowest probability; the mean over playlists. */
    static double misfitRecall(LabeledSongs train, double[][] p) {
        double sum = 0;
        for (int k = 0; k < train.width(); k++) {
            int kk = k;
            List<Integer> own = new ArrayList<>();
            for (int i = 0; i < train.size(); i++) {
                if (train.songs().get(i).labels()[k]) {
                    own.add(i);
                }
            }
            // ties (a forest's out-of-bag share is often exactly 0) in an order that says nothing of planted or not
            own.sort(Comparator.comparingDouble((Integer i) -> p[i][kk]).thenComparing(i -> BackgroundSongs.order(train.songs().get(i).id())));
            int found = 0;
            for (int j = 0; j < Math.min(LEAST, own.size()); j++) {
                found += train.songs().get(own.get(j)).id().startsWith(OpenSetSongs.PLANTED_PREFIX) ? 1 : 0;
            }
            sum += (double) found / OpenSetSongs.PLANTED;
        }
        return sum / train.width();
    }

    static void summary(int taskSplits, Map<String, double[][][]> figures) {
        System.out.printf(Locale.ROOT, "%nMeans over %d task-splits:%n%-22s", taskSplits, "model");
        for (String m : MEASURES) {
            System.out.printf(Locale.ROOT, " %9s", m);
        }
        System.out.println();
        for (var e : figures.entrySet()) {
            System.out.printf(Locale.ROOT, "%-22s", e.getKey());
            for (int m = 0; m < MEASURES.length; m++) {
                System.out.printf(Locale.ROOT, " %9.3f", QualityTables.mean(e.getValue(), m));
            }
            System.out.println();
        }
        System.out.printf(Locale.ROOT, "%nPaired differences, mean (se over task means) [se over task-splits]; >2se marks a difference above twice its se:%n");
        for (String base : List.of(FOREST_BACKGROUND, FOREST, FOREST_RAW)) {
            for (String m : figures.keySet()) {
                if (m.startsWith(FOREST)) {
                    continue;
                }
                System.out.printf(Locale.ROOT, "%-22s vs %-18s", m, base);
                for (int measure = 0; measure < MEASURES.length; measure++) {
                    System.out.printf(Locale.ROOT, " %s: %s", MEASURES[measure], QualityTables.diff(figures.get(m), figures.get(base), measure));
                }
                System.out.println();
            }
        }
    }
}
