package dev.vibe.study;

import dev.vibe.ml.eval.Metrics;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The study's figures as tables: per task, means over task-splits, and paired differences between models with their
 * standard errors (over task means and over task-splits). {@code figures[task][split][measure]} throughout.
 */
final class QualityTables {

    private QualityTables() {
    }

    /** Each task's means over its splits, network against the forest, with the tasks where the network loses marked. */
    static void perTask(List<ModelQuality.Task> tasks, Map<String, double[][][]> figures) {
        System.out.printf(Locale.ROOT, "%nPer task (mean of %d splits), top-1 / AUC:%n", ModelQuality.SALTS.length);
        System.out.printf(Locale.ROOT, "| task | playlists | songs | network | random forest | logistic regression | nearest centroid | network behind the forest on |%n");
        System.out.printf(Locale.ROOT, "|---|---|---|---|---|---|---|---|%n");
        for (int t = 0; t < tasks.size(); t++) {
            StringBuilder row = new StringBuilder();
            ModelQuality.Task task = tasks.get(t);
            row.append(String.format(Locale.ROOT, "| %s | %s | %d |", task.name(), String.join(", ", task.songs().playlists()).replaceAll("[|\\r\\n]+", " "), task.songs().size()));
            double[][] means = new double[ModelQuality.MODELS.size()][];
            for (int m = 0; m < ModelQuality.MODELS.size(); m++) {
                double[][] splits = figures.get(ModelQuality.MODELS.get(m))[t];
                means[m] = new double[]{avg(splits, 0), avg(splits, 1)};
                row.append(String.format(Locale.ROOT, " %.3f / %.3f |", means[m][0], means[m][1]));
            }
            List<String> behind = new ArrayList<>();
            if (means[0][0] < means[1][0]) {
                behind.add("top-1");
            }
            if (means[0][1] < means[1][1]) {
                behind.add("AUC");
            }
            row.append(' ').append(String.join(", ", behind)).append(" |");
            System.out.println(row);
        }
    }

    private static double avg(double[][] splits, int measure) {
        double s = 0;
        for (double[] split : splits) {
            s += split[measure];
        }
        return s / splits.length;
    }

    static double[] row(Metrics m) {
        return new double[]{m.top1Accuracy(), m.macroRocAuc(), m.expectedCalibrationError()};
    }

    static String pair(double[] f) {
        return String.format(Locale.ROOT, "%.3f / %.3f    ", f[0], f[1]);
    }

    static void summary(int taskCount, Map<String, double[][][]> figures, Map<String, Long> millis) {
        int splits = taskCount * ModelQuality.SALTS.length;
        System.out.printf(Locale.ROOT, "%nMeans over %d tasks x %d splits (%d task-splits):%n", taskCount, ModelQuality.SALTS.length, splits);
        System.out.printf(Locale.ROOT, "%-26s %7s %7s %7s%n", "model", "top-1", "AUC", "ECE");
        for (var e : figures.entrySet()) {
            System.out.printf(Locale.ROOT, "%-26s %7.3f %7.3f %7.3f%n", e.getKey(), mean(e.getValue(), 0), mean(e.getValue(), 1), mean(e.getValue(), 2));
        }
        String best = ModelQuality.MODELS.subList(1, ModelQuality.MODELS.size()).stream()
                .max((a, b) -> Double.compare(mean(figures.get(a), 0) + mean(figures.get(a), 1), mean(figures.get(b), 0) + mean(figures.get(b), 1)))
                .orElseThrow();
        System.out.printf(Locale.ROOT, "%nPaired differences (se over the %d task means; se over the %d task-splits in brackets); best baseline: %s%n",
                taskCount, splits, best);
        System.out.printf(Locale.ROOT, "%-26s %-18s %-30s %-30s%n", "model", "vs", "top-1 diff (se) [se]", "AUC diff (se) [se]");
        for (String m : figures.keySet()) {
            if (ModelQuality.MODELS.indexOf(m) > 0) {
                continue;
            }
            for (String b : ModelQuality.MODELS.subList(1, ModelQuality.MODELS.size())) {
                System.out.printf(Locale.ROOT, "%-26s %-18s %-30s %-30s%s%n", m, b, diff(figures.get(m), figures.get(b), 0),
                        diff(figures.get(m), figures.get(b), 1), b.equals(best) ? "  <- best baseline" : "");
            }
        }
        if (!millis.isEmpty()) {
            System.out.printf(Locale.ROOT, "%nTraining time per task-split: %s%n", millis.entrySet().stream()
                    .map(e -> String.format(Locale.ROOT, "%s %.2f s", e.getKey(), e.getValue() / 1000.0 / splits)).toList());
        }
    }

    static double mean(double[][][] f, int measure) {
        double s = 0;
        int n = 0;
        for (double[][] task : f) {
            for (double[] split : task) {
                if (!Double.isNaN(split[measure])) {
                    s += split[measure];
                    n++;
                }
            }
        }
        return s / n;
    }

    /** Mean paired difference a - b, with its standard error over task means and over task-splits. */
    static String diff(double[][][] a, double[][][] b, int measure) {
        List<Double> perTask = new ArrayList<>();
        List<Double> perSplit = new ArrayList<>();
        for (int t = 0; t < a.length; t++) {
            double s = 0;
            for (int k = 0; k < a[t].length; k++) {
                double d = a[t][k][measure] - b[t][k][measure];
                perSplit.add(d);
                s += d;
            }
            perTask.add(s / a[t].length);
        }
        return String.format(Locale.ROOT, "%+.4f (%.4f) [%.4f] %s", mean(perTask), se(perTask), se(perSplit),
                mean(perTask) > 2 * se(perTask) ? ">2se" : "");
    }

    private static double mean(List<Double> v) {
        return v.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
    }

    private static double se(List<Double> v) {
        double m = mean(v);
        double ss = v.stream().mapToDouble(d -> (d - m) * (d - m)).sum();
        return Math.sqrt(ss / (v.size() - 1) / v.size());
    }
}
