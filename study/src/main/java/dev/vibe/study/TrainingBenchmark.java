package dev.vibe.study;

import dev.vibe.common.csv.CsvReader;
import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.ml.baseline.RandomForest;
import dev.vibe.ml.data.BackgroundSongs;
import dev.vibe.ml.data.ExportifyPlaylists;
import dev.vibe.ml.data.LabeledSongs;
import dev.vibe.ml.eval.Evaluation;
import dev.vibe.ml.net.TrainingProgress;
import dev.vibe.ml.net.VibeNetOptions;
import dev.vibe.ml.net.WarmUp;
import dev.vibe.ml.onnx.OnnxExport;

import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.io.InputStreamReader;
import java.util.zip.GZIPInputStream;

/**
 * Wall time of what the trainer does per request (train the network and the three baselines, evaluate on held-out
 * songs, export ONNX) on two workloads: 4 real playlists of 120 songs, and the TidyTuesday dataset (32,833 rows)
 * labelled by genre. Run through bench/training-speed.sh; {@code --warm-up} as the fourth argument first does what a
 * trainer does at start-up ({@link WarmUp}), so run 1 is the first request to a started trainer.
 */
public final class TrainingBenchmark {

    private TrainingBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "data");
        Path tidy = Path.of(args.length > 1 ? args[1] : "data/catalogue/tidytuesday_spotify_songs.csv.gz");
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        if (args.length > 3 && args[3].equals("--warm-up")) { // what a trainer does at start-up
            System.out.printf(Locale.ROOT, "warm-up (a made-up vibe of 4 x 100 songs, trained " + WarmUp.ROUNDS + " times): %.2f s%n", WarmUp.run(VibeNetOptions.defaults(), RandomForest.TREES) / 1000.0);
        }

        List<String> four = List.of("Musicals", "KLOVE_Hits", "Movie_Game_Hard", "Liked_Songs");
        List<List<LabeledSongs.Listed>> lists = new ArrayList<>();
        for (String p : four) {
            List<LabeledSongs.Listed> songs = ExportifyPlaylists.songs(data.resolve("exportify/" + p + ".csv"));
            lists.add(songs.subList(0, Math.min(120, songs.size())));
        }
        LabeledSongs small = LabeledSongs.fromPlaylists(four, lists);
        time("4 playlists x 120 songs (" + small.size() + " distinct)", small, runs);

        if (Files.isRegularFile(tidy)) {
            LabeledSongs genres = byGenre(tidy);
            time("TidyTuesday by genre (" + genres.size() + " distinct songs, " + genres.width() + " genres)", genres, runs);
        } else {
            System.out.println("skipped the 32k-song workload: " + tidy + " not found (give its path as the second argument)");
        }
    }

    private static void time(String label, LabeledSongs data, int runs) {
        System.out.println(label);
        for (int r = 1; r <= runs; r++) {
            long t0 = System.nanoTime();
            // the background as a trainer with nothing loaded takes it: the bundled 5,000 songs
            List<LabeledSongs.Listed> background = BackgroundSongs.choose(data, List.of(), List.of()).songs();
            Evaluation.Outcome o = Evaluation.trainAndEvaluate(data, background, 0.2, VibeNetOptions.defaults(), TrainingProgress.NONE);
            byte[] onnx = OnnxExport.toOnnx(o.network(), data.playlists(), Map.of());
            double s = (System.nanoTime() - t0) / 1e9;
            Evaluation.Report rep = o.report();
            System.out.printf(Locale.ROOT, "  run %d: %.2f s (%d background songs; network: %d members, %d epochs, %d ms; ONNX %d bytes) held-out top-1/AUC: network %.3f/%.3f"
                            + " | forest %.3f/%.3f | LR %.3f/%.3f | centroid %.3f/%.3f%n",
                    r, s, background.size(), o.training().ensemble().members().size(), o.training().epochs(), o.training().millis(), onnx.length,
                    rep.network().top1Accuracy(), rep.network().macroRocAuc(), rep.randomForest().top1Accuracy(), rep.randomForest().macroRocAuc(),
                    rep.logisticRegression().top1Accuracy(), rep.logisticRegression().macroRocAuc(),
                    rep.nearestCentroid().top1Accuracy(), rep.nearestCentroid().macroRocAuc());
        }
    }

    /** TidyTuesday songs, each labelled with every genre whose playlists it is on. */
    static LabeledSongs byGenre(Path file) throws Exception {
        Map<String, List<LabeledSongs.Listed>> byGenre = new LinkedHashMap<>();
        Map<String, Boolean> seen = new HashMap<>();
        try (Reader r = new InputStreamReader(file.toString().endsWith(".gz")
                ? new GZIPInputStream(Files.newInputStream(file)) : Files.newInputStream(file), StandardCharsets.UTF_8)) {
            CsvReader csv = new CsvReader(r);
            List<String> header = csv.next().fields();
            int id = header.indexOf("track_id");
            int name = header.indexOf("track_name");
            int genre = header.indexOf("playlist_genre");
            int[] featureColumn = new int[FeatureSchema.SIZE];
            Arrays.fill(featureColumn, -1);
            for (int i = 0; i < header.size(); i++) {
                int col = i;
                FeatureSchema.byName(header.get(i)).ifPresent(f -> featureColumn[f.index()] = col);
            }
            for (CsvReader.Record record; (record = csv.next()) != null; ) {
                List<String> row = record.fields();
                if (row.size() != header.size() || seen.put(row.get(id) + "|" + row.get(genre), true) != null) {
                    continue;
                }
                double[] f = new double[FeatureSchema.SIZE];
                for (Feature feature : FeatureSchema.FEATURES) {
                    int c = featureColumn[feature.index()];
                    f[feature.index()] = c < 0 || row.get(c).isBlank() ? Double.NaN : Double.parseDouble(row.get(c));
                }
                byGenre.computeIfAbsent(row.get(genre), g -> new ArrayList<>()).add(new LabeledSongs.Listed(row.get(id), row.get(name), f));
            }
        }
        return LabeledSongs.fromPlaylists(new ArrayList<>(byGenre.keySet()), new ArrayList<>(byGenre.values()));
    }
}
