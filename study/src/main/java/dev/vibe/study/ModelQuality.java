package dev.vibe.study;

import dev.vibe.common.csv.CsvReader;
import dev.vibe.common.csv.SongCsv;
import dev.vibe.common.util.Hashing;
import dev.vibe.ml.baseline.BaselineNetwork;
import dev.vibe.ml.baseline.LogisticRegression;
import dev.vibe.ml.baseline.TrainingOptions;
import dev.vibe.ml.data.BackgroundSongs;
import dev.vibe.ml.data.ExportifyPlaylists;
import dev.vibe.ml.data.LabeledSongs;
import dev.vibe.ml.eval.Evaluation;
import dev.vibe.ml.eval.Metrics;
import dev.vibe.ml.net.TrainingProgress;
import dev.vibe.ml.net.VibeNet;
import dev.vibe.ml.net.VibeNetOptions;
import dev.vibe.ml.net.VibeNetTrainer;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.zip.GZIPInputStream;

/**
 * The design study's 26 tasks (data/study/model-tasks.csv: 4 playlists each, 14 of Exportify playlists, 12 of
 * TidyTuesday groups), each split 3 times 70/30 by track id (a track is a test song when
 * {@code int(sha256(salt + track_id), 16) % 10 < 3}, salt vibe-design-0/1/2), through the product's own
 * evaluation ({@link Evaluation#split}): the network and every baseline trained on the same training songs and
 * measured on the same test songs. Prints each task's figures, the means, and the network's paired difference to
 * each baseline with its standard error. Run through bench/model-quality.sh.
 *
 * <p>{@code --variants a,b,...} also trains other forms of the network on the same splits (network only) for a
 * side-by-side: see {@link #VARIANTS}.
 */
public final class ModelQuality {

    /** The study's three split salts. */
    public static final String[] SALTS = {"vibe-design-0", "vibe-design-1", "vibe-design-2"};
    static final List<String> MODELS = List.of("network", "randomForest", "logisticRegression", "nearestCentroid");

    /** The variant name of the network the product had before VibeNet. */
    static final String PREVIOUS = "mlp-before";

    /** Forms of the network to compare, by name. */
    static final Map<String, Function<VibeNetOptions, VibeNetOptions>> VARIANTS = new LinkedHashMap<>();

    static {
        VARIANTS.put("ensemble20-uncalibrated", o -> o.withServing(VibeNetOptions.Serve.MEMBERS, 20).withCalibration(VibeNetOptions.Calibration.NONE));
        VARIANTS.put("ensemble20-temperature", o -> o.withServing(VibeNetOptions.Serve.MEMBERS, 20).withCalibration(VibeNetOptions.Calibration.TEMPERATURE));
        VARIANTS.put("ensemble20-platt", o -> o.withServing(VibeNetOptions.Serve.MEMBERS, 20));
        VARIANTS.put("first4of20", o -> o.withServing(VibeNetOptions.Serve.MEMBERS, 4));
        VARIANTS.put("first2of20", o -> o.withServing(VibeNetOptions.Serve.MEMBERS, 2));
        VARIANTS.put("first1of20", o -> o.withServing(VibeNetOptions.Serve.MEMBERS, 1));
        VARIANTS.put("distilled-uncalibrated", o -> o.withCalibration(VibeNetOptions.Calibration.NONE));
        VARIANTS.put("distilled-nosynthetic", o -> o.withStudent(new VibeNetOptions.Student(16, o.student().hidden(), 0, o.student().batchSize())));
        VARIANTS.put("distilled-q8", o -> o.withStudent(new VibeNetOptions.Student(8, o.student().hidden(), o.student().synthetic(), o.student().batchSize())));
        VARIANTS.put("distilled-q64", o -> o.withStudent(new VibeNetOptions.Student(64, o.student().hidden(), o.student().synthetic(), o.student().batchSize())));
        VARIANTS.put("distilled-syn8", o -> o.withStudent(new VibeNetOptions.Student(16, o.student().hidden(), 8, o.student().batchSize())));
        VARIANTS.put("distilled-32x16", o -> o.withStudent(new VibeNetOptions.Student(16, List.of(32, 16), o.student().synthetic(), o.student().batchSize())));
        VARIANTS.put("distilled-128x64", o -> o.withStudent(new VibeNetOptions.Student(16, List.of(128, 64), o.student().synthetic(), o.student().batchSize())));
        VARIANTS.put("student-lr6e-3", o -> o.withStudent(o.student().withTraining(o.student().maxEpochs(), 6e-3f)));
        VARIANTS.put("student-lr1e-2", o -> o.withStudent(o.student().withTraining(o.student().maxEpochs(), 1e-2f)));
        VARIANTS.put("student-epochs300", o -> o.withStudent(o.student().withTraining(300, o.student().learningRate())));
        VARIANTS.put("positive-weight3", o -> o.withMaxPositiveWeight(3));
        VARIANTS.put("world-weight10", o -> o.withOpenSet(o.openSet().withMaxWorldPositiveWeight(10)));
        VARIANTS.put("members30", o -> o.withMembers(30));
        VARIANTS.put("ensemble20-q16", o -> o.withQuantiles(16).withServing(VibeNetOptions.Serve.MEMBERS, 20));
    }

    private ModelQuality() {
    }

    /** One task: its name and its labelled songs. */
    public record Task(String name, LabeledSongs songs) {
    }

    public static void main(String[] args) throws Exception {
        Path data = Path.of("data");
        List<String> variants = new ArrayList<>();
        String only = null;
        Path baselineFile = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--data" -> data = Path.of(args[++i]);
                case "--baselines" -> baselineFile = Path.of(args[++i]);
                case "--variants" -> variants = List.of(args[++i].split(","));
                case "--tasks" -> only = args[++i];
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + " (--data DIR, --variants a,b, --tasks PREFIX, --baselines FILE)");
            }
        }
        for (String v : variants) {
            if (!VARIANTS.containsKey(v) && !v.equals(PREVIOUS)) {
                throw new IllegalArgumentException("unknown variant " + v + "; known: " + VARIANTS.keySet());
            }
        }
        VibeNetOptions options = VibeNetOptions.defaults();
        List<Task> tasks = tasks(data);
        String prefix = only;
        if (prefix != null) {
            tasks = tasks.stream().filter(t -> t.name().startsWith(prefix)).toList();
        }
        // figures[model][task][split] = {top-1, AUC, ECE}
        Map<String, double[][][]> figures = new LinkedHashMap<>();
        List<String> columns = new ArrayList<>(MODELS);
        columns.addAll(variants);
        for (String m : columns) {
            figures.put(m, new double[tasks.size()][SALTS.length][]);
        }
        Map<String, Long> millis = new HashMap<>();
        // baselines are deterministic: with --baselines FILE their figures are kept there and read back on the next run
        Map<String, double[]> cached = new HashMap<>();
        if (baselineFile != null && Files.isRegularFile(baselineFile)) {
            for (String line : Files.readAllLines(baselineFile)) {
                String[] f = line.split("\t");
                cached.put(f[0] + "/" + f[1] + "/" + f[2], new double[]{Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5])});
            }
        }
        System.out.printf(Locale.ROOT, "%-6s %-5s %11s | %-17s | %-17s | %-17s | %-17s%n", "task", "split", "train/test",
                "network t1/AUC", "forest t1/AUC", "logistic t1/AUC", "centroid t1/AUC");
        for (int t = 0; t < tasks.size(); t++) {
            Task task = tasks.get(t);
            for (int s = 0; s < SALTS.length; s++) {
                int ti = t;
                int si = s;
                LabeledSongs[] split = split(task.songs(), SALTS[s]);
                long t0 = System.nanoTime();
                String key = task.name() + "/" + s + "/";
                if (MODELS.subList(1, MODELS.size()).stream().allMatch(m -> cached.containsKey(key + m))) {
                    MODELS.subList(1, MODELS.size()).forEach(m -> figures.get(m)[ti][si] = cached.get(key + m));
                    VibeNet net = VibeNetTrainer.train(split[0], background(split), options.scaledTo(split[0].size()), TrainingProgress.NONE).network();
                    figures.get("network")[t][s] = QualityTables.row(Metrics.of(split[0].playlists(), net.conditional(split[1].featureMatrix()), split[1].labelMatrix()));
                    millis.merge("network", (System.nanoTime() - t0) / 1_000_000, Long::sum);
                } else {
                    Evaluation.Report r = Evaluation.split(split[0], split[1], options);
                    millis.merge("product evaluation", (System.nanoTime() - t0) / 1_000_000, Long::sum);
                    figures.get("network")[t][s] = QualityTables.row(r.network());
                    r.baselines().forEach((name, m) -> figures.get(name)[ti][si] = QualityTables.row(m));
                    if (baselineFile != null) {
                        StringBuilder lines = new StringBuilder();
                        r.baselines().forEach((name, m) -> lines.append(key).append(name).append('\t')
                                .append(m.top1Accuracy()).append('\t').append(m.macroRocAuc()).append('\t').append(m.expectedCalibrationError()).append('\n'));
                        Files.writeString(baselineFile, lines.toString().replace("/", "\t"), StandardCharsets.UTF_8,
                                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                    }
                }
                Map<VibeNetOptions, VibeNetTrainer.Ensemble> ensembles = new HashMap<>(); // variants that differ only in serving or student share one
                for (String v : variants) {
                    long v0 = System.nanoTime();
                    if (v.equals(PREVIOUS)) { // the product's network before VibeNet: MLP 64-32 over standardised and one-hot inputs
                        BaselineNetwork mlp = LogisticRegression.train(split[0], TrainingOptions.defaults().scaledTo(split[0].size()), TrainingProgress.NONE).network();
                        millis.merge(v, (System.nanoTime() - v0) / 1_000_000, Long::sum);
                        figures.get(v)[t][s] = QualityTables.row(Metrics.of(split[0].playlists(), mlp.predict(split[1].featureMatrix()), split[1].labelMatrix()));
                        continue;
                    }
                    VibeNetOptions vo = VARIANTS.get(v).apply(options);
                    VibeNetTrainer.Ensemble e = ensembles.computeIfAbsent(vo.withServing(VibeNetOptions.Serve.MEMBERS, vo.members()).withCalibration(VibeNetOptions.Calibration.NONE)
                                    .withStudent(options.student()),
                            k -> VibeNetTrainer.ensemble(split[0], background(split), vo, TrainingProgress.NONE));
                    VibeNet net = VibeNetTrainer.serve(e, vo).network();
                    millis.merge(v, (System.nanoTime() - v0) / 1_000_000, Long::sum);
                    figures.get(v)[t][s] = QualityTables.row(Metrics.of(split[0].playlists(), net.conditional(split[1].featureMatrix()), split[1].labelMatrix()));
                }
                System.out.printf(Locale.ROOT, "%-6s %-5d %5d/%-5d | %s | %s | %s | %s%n", task.name(), s, split[0].size(), split[1].size(),
                        QualityTables.pair(figures.get("network")[t][s]), QualityTables.pair(figures.get("randomForest")[t][s]),
                        QualityTables.pair(figures.get("logisticRegression")[t][s]), QualityTables.pair(figures.get("nearestCentroid")[t][s]));
            }
        }
        QualityTables.perTask(tasks, figures);
        QualityTables.summary(tasks.size(), figures, millis);
    }

    /** The background songs a trainer with nothing loaded trains a task with: the bundled sample, none of the task's songs. */
    public static List<LabeledSongs.Listed> background(LabeledSongs[] split) {
        List<LabeledSongs.Song> all = new ArrayList<>(split[0].songs());
        all.addAll(split[1].songs());
        return BackgroundSongs.choose(new LabeledSongs(split[0].playlists(), all), List.of(), List.of()).songs();
    }

    /** {train, test}: a song is a test song when int(sha256(salt + id), 16) % 10 < 3. */
    public static LabeledSongs[] split(LabeledSongs songs, String salt) {
        List<Integer> train = new ArrayList<>();
        List<Integer> test = new ArrayList<>();
        for (int i = 0; i < songs.size(); i++) {
            (isTest(salt, songs.songs().get(i).id()) ? test : train).add(i);
        }
        return new LabeledSongs[]{songs.subset(train.stream().mapToInt(Integer::intValue).toArray()),
                songs.subset(test.stream().mapToInt(Integer::intValue).toArray())};
    }

    static boolean isTest(String salt, String trackId) {
        byte[] digest = Hashing.sha256((salt + trackId).getBytes(StandardCharsets.UTF_8));
        return new BigInteger(1, digest).mod(BigInteger.TEN).intValue() < 3;
    }

    /**
     * The study's tasks with the bundled features: a playlist named like an Exportify file (data/exportify/NAME.csv)
     * takes its songs' features from that file, any other from the TidyTuesday catalogue.
     */
    public static List<Task> tasks(Path data) throws IOException {
        Map<String, Map<String, List<String>>> listed = new LinkedHashMap<>(); // task -> playlist (index order) -> track ids
        Map<String, Map<Integer, String>> names = new HashMap<>();
        try (Reader r = Files.newBufferedReader(data.resolve("study/model-tasks.csv"), StandardCharsets.UTF_8)) {
            CsvReader csv = new CsvReader(r);
            CsvReader.Record first = csv.next();
            List<String> header = first == null ? List.of() : first.fields();
            if (!header.equals(List.of("task", "playlist_index", "playlist", "track_id"))) {
                throw new IllegalArgumentException("unexpected header of model-tasks.csv: " + header);
            }
            for (CsvReader.Record record; (record = csv.next()) != null; ) {
                List<String> row = record.fields();
                names.computeIfAbsent(row.get(0), t -> new HashMap<>()).put(Integer.parseInt(row.get(1)), row.get(2));
                listed.computeIfAbsent(row.get(0), t -> new LinkedHashMap<>()).computeIfAbsent(row.get(2), p -> new ArrayList<>()).add(row.get(3));
            }
        }
        Map<String, double[]> catalogue = null;
        Map<String, Map<String, LabeledSongs.Listed>> exportify = new HashMap<>();
        List<Task> tasks = new ArrayList<>();
        for (var task : listed.entrySet()) {
            Map<Integer, String> byIndex = names.get(task.getKey());
            List<String> playlistNames = new ArrayList<>();
            List<List<LabeledSongs.Listed>> playlists = new ArrayList<>();
            for (int k = 0; k < byIndex.size(); k++) {
                String playlist = byIndex.get(k);
                Path file = data.resolve("exportify/" + playlist + ".csv");
                List<LabeledSongs.Listed> songs = new ArrayList<>();
                if (Files.isRegularFile(file)) {
                    Map<String, LabeledSongs.Listed> byId = exportify.computeIfAbsent(playlist, p -> {
                        Map<String, LabeledSongs.Listed> m = new HashMap<>();
                        ExportifyPlaylists.songs(file).forEach(s -> m.putIfAbsent(s.id(), s));
                        return m;
                    });
                    for (String id : task.getValue().get(playlist)) {
                        songs.add(require(byId.get(id), id, playlist));
                    }
                } else {
                    if (catalogue == null) {
                        catalogue = catalogue(data.resolve("catalogue/tidytuesday_spotify_songs.csv.gz"));
                    }
                    for (String id : task.getValue().get(playlist)) {
                        double[] f = require(catalogue.get(id), id, playlist);
                        songs.add(new LabeledSongs.Listed(id, id, f));
                    }
                }
                playlistNames.add(playlist);
                playlists.add(songs);
            }
            tasks.add(new Task(task.getKey(), LabeledSongs.fromPlaylists(playlistNames, playlists)));
        }
        return tasks;
    }

    private static <T> T require(T value, String id, String playlist) {
        if (value == null) {
            throw new IllegalArgumentException("track " + id + " of '" + playlist + "' has no features in the bundled data");
        }
        return value;
    }

    /** Track id to raw features, from the gzip-compressed TidyTuesday CSV (through the project's catalogue reader). */
    public static Map<String, double[]> catalogue(Path gz) throws IOException {
        try (Reader r = new InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8)) {
            SongCsv.Result csv = SongCsv.read(r);
            Map<String, double[]> out = new HashMap<>();
            csv.songs().stream().filter(SongCsv.Song::hasFeatures).forEach(s -> out.putIfAbsent(s.trackId(), s.features().toArray()));
            return out;
        }
    }
}
