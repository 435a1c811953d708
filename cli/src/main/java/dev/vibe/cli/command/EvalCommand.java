package dev.vibe.cli.command;

import dev.vibe.common.json.EventJson;
import dev.vibe.ml.eval.Evaluation;
import dev.vibe.ml.data.ExportifyPlaylists;
import dev.vibe.ml.data.LabeledSongs;
import dev.vibe.ml.eval.Metrics;
import dev.vibe.ml.net.VibeNetOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "eval", mixinStandardHelpOptions = true,
        description = {"Evaluate how well Vibe learns your playlists, offline, from Exportify CSV files (one per playlist).",
                "Reports top-1 accuracy, macro-F1, ROC-AUC, log-loss and calibration error of the network beside three",
                "baselines (random forest, logistic regression, nearest centroid) trained and measured on the same songs,",
                "and a reliability table per playlist (do the network's probabilities mean what they say?).",
                "  vibe eval A.csv B.csv C.csv D.csv [--folds 5]      k-fold cross-validation",
                "  vibe eval --train A.csv B.csv --test A2.csv B2.csv  exact split: test file i holds held-out songs of playlist i"})
public class EvalCommand implements Callable<Integer> {

    @Parameters(arity = "0..*", paramLabel = "FILE.csv", description = "Exportify exports, one per playlist (at least 2).")
    List<Path> files = new ArrayList<>();

    @Option(names = "--train", arity = "2..*", paramLabel = "FILE.csv", description = "Training files, one per playlist.")
    List<Path> train = new ArrayList<>();

    @Option(names = "--test", arity = "2..*", paramLabel = "FILE.csv", description = "Test files, in the order of --train.")
    List<Path> test = new ArrayList<>();

    @Option(names = "--folds", defaultValue = "5", description = "Folds of cross-validation (default: ${DEFAULT-VALUE}).")
    int folds;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of the split and the training (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print the report as one JSON object.")
    boolean json;

    @Override
    public Integer call() {
        VibeNetOptions options = VibeNetOptions.defaults().withSeed(seed);
        Evaluation.Report report;
        if (!train.isEmpty() || !test.isEmpty()) {
            if (!files.isEmpty()) {
                throw new IllegalArgumentException("give either FILE.csv ... (cross-validation) or --train/--test, not both");
            }
            if (train.size() != test.size()) {
                throw new IllegalArgumentException("--train has " + train.size() + " files but --test has " + test.size() + "; give one test file per training file");
            }
            report = Evaluation.split(ExportifyPlaylists.load(train), ExportifyPlaylists.load(test), options);
        } else {
            if (files.size() < 2) {
                throw new IllegalArgumentException("give at least 2 Exportify CSV files (one per playlist); see vibe eval --help");
            }
            LabeledSongs data = ExportifyPlaylists.load(files);
            if (!json) {
                System.err.printf("Evaluating %d songs of %d playlists with %d-fold cross-validation ...%n", data.size(), data.width(), folds);
            }
            report = Evaluation.crossValidate(data, folds, options);
        }
        if (json) {
            System.out.println(new String(EventJson.write(report), StandardCharsets.UTF_8));
        } else {
            print(report, System.out);
        }
        return 0;
    }

    static void print(Evaluation.Report r, PrintStream out) {
        out.printf("%s, %d songs%n%n", r.method(), r.songs());
        out.printf("Among the playlists' songs (the network's conditional view: the chance given a song is on one of them):%n");
        out.printf("%-22s %8s %9s %8s %9s %8s%n", "model", "top-1", "macro-F1", "ROC-AUC", "log-loss", "ECE");
        row(out, "network", r.network());
        row(out, "random forest", r.randomForest());
        row(out, "logistic regression", r.logisticRegression());
        row(out, "nearest centroid", r.nearestCentroid());
        out.printf("%nper playlist (network):%n%-28s %6s %8s %8s %8s %8s%n", "playlist", "songs", "F1", "ROC-AUC", "log-loss", "ECE");
        for (Metrics.PerPlaylist p : r.network().playlists()) {
            out.printf(Locale.ROOT, "%-28s %6d %8.3f %8.3f %8.3f %8.3f%n", p.name(), p.positives(), p.f1(), p.rocAuc(), p.logLoss(), p.calibrationError());
        }
        out.printf("%nreliability (network): in each probability bin, songs / mean probability / share really on the playlist%n%-28s", "playlist");
        for (int b = 0; b < Metrics.BINS; b++) {
            out.printf(Locale.ROOT, " %14s", String.format(Locale.ROOT, "%.1f-%.1f", (double) b / Metrics.BINS, (b + 1.0) / Metrics.BINS));
        }
        out.println();
        for (Metrics.PerPlaylist p : r.network().playlists()) {
            out.printf(Locale.ROOT, "%-28s", p.name());
            for (Metrics.Bin bin : p.reliability()) {
                out.printf(Locale.ROOT, " %14s", bin.songs() == 0 ? "-" : String.format(Locale.ROOT, "%d/%.2f/%.2f", bin.songs(), bin.meanProbability(), bin.observedRate()));
            }
            out.println();
        }
        out.printf("%n%s%n", r.verdict());
        if (r.openSet() != null) {
            var o = r.openSet();
            out.printf(Locale.ROOT, "%nAgainst the rest of the world (the network's absolute chances; %d held-out playlist songs, %d held-out background songs):%n",
                    o.playlistSongs(), o.otherSongs());
            out.printf(Locale.ROOT, "  ROC-AUC of each playlist's songs against the background %.3f, background songs claimed by a playlist (> 0.5) %.3f,%n",
                    o.macroRocAuc(), o.othersClaimed());
            out.printf(Locale.ROOT, "  calibration error %.3f; fits none below %.3f: %.3f of the playlists' songs and %.3f of the background songs fit none%n",
                    o.expectedCalibrationError(), o.fitsNoneBelow(), o.playlistSongsFittingNone(), o.othersFittingNone());
        }
    }

    private static void row(PrintStream out, String name, Metrics m) {
        out.printf(Locale.ROOT, "%-22s %8.3f %9.3f %8.3f %9.3f %8.3f%n", name, m.top1Accuracy(), m.macroF1(), m.macroRocAuc(), m.logLoss(),
                m.expectedCalibrationError());
    }
}
