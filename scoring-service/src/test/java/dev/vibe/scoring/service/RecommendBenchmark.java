package dev.vibe.scoring.service;

import dev.vibe.common.csv.SongCsv;
import dev.vibe.common.model.ModelArtifact;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.ml.data.ExportifyPlaylists;
import dev.vibe.ml.data.LabeledSongs;
import dev.vibe.ml.onnx.OnnxExport;
import dev.vibe.ml.net.TrainingProgress;
import dev.vibe.ml.net.VibeNetOptions;
import dev.vibe.ml.net.VibeNetTrainer;
import dev.vibe.scoring.domain.CandidateSongs;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntPredicate;
import java.util.zip.GZIPInputStream;

/**
 * In-process recommendation cost for a 4-playlist vibe (the served model trained on 4 bundled playlists, as in
 * {@link ScoringBenchmark}; one ONNX Runtime thread): a pool of {@code poolSize} songs sampled with replacement from
 * the real rows of the TidyTuesday catalogue, held in a {@link CandidateSongs} store as the service holds a loaded
 * catalogue, goes through {@link RecommendService#probabilities} (batches of {@value RecommendService#BATCH}) and
 * {@link Ranker#rank} picks the best {@code top} for each of the 4 playlists (songs on the playlist left out).
 * {@code rank4} is that; {@code rank4Explained} also explains the 4 x top picks as the REST default does.
 * The setup prints the store's heap per million songs ({@link CandidateSongs#bytes()} and used heap after GC before
 * and after filling). Run: bench/recommend-jmh.sh; {@code main} alone prints the memory figures for 1M songs.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class RecommendBenchmark {

    static final List<String> PLAYLISTS = List.of("Bluey", "Praise_Bangers", "No_Words_Allowed", "Country");

    @Param({"10000", "100000", "1000000"})
    int poolSize;

    @Param({"20", "200"})
    int top;

    ServedModel model;
    CandidateSongs store;
    RecommendService.KnownPool pool;
    RecommendService service;
    List<IntPredicate> onPlaylist;

    @Setup(Level.Trial)
    public void setUp() {
        Path home = Path.of(System.getProperty("vibe.home", "."));
        prepare(trainedModel(home), catalogue(home));
    }

    void prepare(ServedModel served, List<SongCsv.Song> rows) {
        model = served;
        Memory m = fill(rows, poolSize, 42);
        store = m.store();
        System.out.println();
        System.out.println(m.describe());
        pool = new RecommendService.KnownPool("catalogue:bench", store, store.read(s -> s.pool("catalogue:bench")).rows().stream().toArray());
        onPlaylist = new ArrayList<>();
        for (int c = 0; c < PLAYLISTS.size(); c++) {
            Set<String> ids = new HashSet<>();
            model.songsOf(c).forEach(s -> ids.add(s.id()));
            onPlaylist.add(pool.withIds(ids));
        }
        // explanations only read the model: the service's other collaborators are not used on this path
        service = new RecommendService(null, null, null, new ScoringService(null, null, null, null, null), null);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        model.retire();
    }

    /** Probabilities of the whole pool, then the best {@code top} of each of the 4 playlists. */
    @Benchmark
    public List<Ranker.Ranked> rank4() {
        float[] p = RecommendService.probabilities(model, pool);
        int k = PLAYLISTS.size();
        List<Ranker.Ranked> out = new ArrayList<>(k);
        for (int c = 0; c < k; c++) {
            out.add(Ranker.rank(p, pool.size(), k, new Ranker.Options(c, 0, top, 0, null, null), onPlaylist.get(c), pool::artist));
        }
        return out;
    }

    /** As the REST call with its defaults: every playlist, explanations of the picks (the 4 x top songs). */
    @Benchmark
    public RecommendService.Recommendations rank4Explained() {
        return service.recommend(model, pool, new RecommendService.Request(null, pool.id(), 0, top, 0, null, null, true));
    }

    /** The served model of the 4 bundled playlists (the trainer's default options), with its training songs. */
    static ServedModel trainedModel(Path home) {
        Path data = home.resolve("data/exportify");
        LabeledSongs songs = ExportifyPlaylists.load(PLAYLISTS.stream().map(n -> data.resolve(n + ".csv")).toList());
        VibeNetOptions options = VibeNetOptions.defaults();
        var network = VibeNetTrainer.train(songs, dev.vibe.ml.data.BackgroundSongs.choose(songs, List.of(), List.of()).songs(), options.scaledTo(songs.size()),
                TrainingProgress.NONE).network();
        byte[] onnx = OnnxExport.toOnnx(network, songs.playlists(), Map.of());
        List<ModelArtifact.PlaylistRef> playlists = songs.playlists().stream().map(p -> new ModelArtifact.PlaylistRef(p, p)).toList();
        List<ModelArtifact.TrainingSong> training = new ArrayList<>();
        for (LabeledSongs.Song s : songs.songs()) {
            List<Integer> on = new ArrayList<>();
            for (int c = 0; c < s.labels().length; c++) {
                if (s.labels()[c]) {
                    on.add(c);
                }
            }
            training.add(new ModelArtifact.TrainingSong(s.id(), s.name(), on, AudioFeatures.of(s.features())));
        }
        return new ServedModel(ModelArtifact.of("bench", 1, "bench", playlists, training, Map.of(), onnx, Instant.now()));
    }

    /** The rows of the TidyTuesday catalogue that carry all features. */
    static List<SongCsv.Song> catalogue(Path home) {
        Path gz = home.resolve("data/catalogue/tidytuesday_spotify_songs.csv.gz");
        try (Reader r = new InputStreamReader(new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8)) {
            return SongCsv.read(r).songs().stream().filter(SongCsv.Song::hasFeatures).toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A filled store and what it cost. */
    record Memory(CandidateSongs store, int songs, long storeBytes, long heapBefore, long heapAfter) {
        String describe() {
            double perMillion = 1e6 / songs;
            return String.format(Locale.ROOT, "# CandidateSongs with %,d songs: bytes() %,d = %.1f MB per million songs; "
                            + "used heap after GC %.1f MB -> %.1f MB, +%.1f MB = %.1f MB per million songs",
                    songs, storeBytes, storeBytes * perMillion / 1e6, heapBefore / 1e6, heapAfter / 1e6,
                    (heapAfter - heapBefore) / 1e6, (heapAfter - heapBefore) * perMillion / 1e6);
        }
    }

    /**
     * A store holding one catalogue {@code catalogue:bench} of {@code n} rows sampled with replacement from
     * {@code rows} (features, name and artists of the row; a fresh random 22-character base-62 track id each, as
     * Spotify ids are), published in parts of 500 songs as ingest publishes a loaded catalogue.
     */
    static Memory fill(List<SongCsv.Song> rows, int n, long seed) {
        Random random = new Random(seed);
        long before = usedHeapAfterGc();
        CandidateSongs store = new CandidateSongs();
        int partSize = 500;
        int parts = (n + partSize - 1) / partSize;
        Instant loadedAt = Instant.now();
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        char[] id = new char[22];
        for (int part = 0; part < parts; part++) {
            List<CandidateSongs.CatalogueSong> songs = new ArrayList<>(partSize);
            for (int i = part * partSize; i < Math.min(n, (part + 1) * partSize); i++) {
                SongCsv.Song s = rows.get(random.nextInt(rows.size()));
                for (int j = 0; j < id.length; j++) {
                    id[j] = alphabet.charAt(random.nextInt(alphabet.length()));
                }
                songs.add(new CandidateSongs.CatalogueSong(new String(id), s.name(), s.artists(), s.features()));
            }
            store.putCataloguePart("bench", loadedAt, part, parts, songs);
        }
        long after = usedHeapAfterGc();
        return new Memory(store, store.size(), store.bytes(), before, after);
    }

    static long usedHeapAfterGc() {
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    /**
     * Without JMH: {@code [songs]} prints the memory figures (default 1,000,000 songs); {@code --cpu [sizes] [tops] [runs]}
     * times {@link #rank4} and {@link #rank4Explained} for each pool size and K (defaults 10000,100000,1000000 and
     * 20,200; 10 runs after 3 warm-up runs) by wall clock and by the CPU time of the calling thread (ONNX Runtime runs
     * the graph on the calling thread with 1 intra-op thread), which a busy machine does not inflate. One model for all.
     */
    public static void main(String[] args) {
        Path home = Path.of(System.getProperty("vibe.home", "."));
        List<SongCsv.Song> rows = catalogue(home);
        if (args.length == 0 || !args[0].equals("--cpu")) {
            int n = args.length > 0 ? Integer.parseInt(args[0]) : 1_000_000;
            System.out.println(fill(rows, n, 42).describe());
            return;
        }
        int[] sizes = java.util.Arrays.stream((args.length > 1 ? args[1] : "10000,100000,1000000").split(",")).mapToInt(Integer::parseInt).toArray();
        int[] tops = java.util.Arrays.stream((args.length > 2 ? args[2] : "20,200").split(",")).mapToInt(Integer::parseInt).toArray();
        int runs = args.length > 3 ? Integer.parseInt(args[3]) : 10;
        ServedModel model = trainedModel(home);
        java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        System.out.printf(Locale.ROOT, "%n| songs | K | variant | thread CPU median ms (min-max) | wall median ms (min-max) |%n|---|---|---|---|---|%n");
        for (int n : sizes) {
            RecommendBenchmark b = new RecommendBenchmark();
            b.poolSize = n;
            b.prepare(model, rows);
            for (int top : tops) {
                b.top = top;
                for (String variant : List.of("rank4", "rank4Explained")) {
                    Runnable work = variant.equals("rank4") ? b::rank4 : b::rank4Explained;
                    for (int i = 0; i < 3; i++) {
                        work.run();
                    }
                    long[] wall = new long[runs];
                    long[] cpu = new long[runs];
                    for (int i = 0; i < runs; i++) {
                        long c0 = threads.getCurrentThreadCpuTime();
                        long w0 = System.nanoTime();
                        work.run();
                        wall[i] = System.nanoTime() - w0;
                        cpu[i] = threads.getCurrentThreadCpuTime() - c0;
                    }
                    java.util.Arrays.sort(wall);
                    java.util.Arrays.sort(cpu);
                    System.out.printf(Locale.ROOT, "| %,d | %d | %s | %.1f (%.1f-%.1f) | %.1f (%.1f-%.1f) |%n", n, top, variant,
                            cpu[runs / 2] / 1e6, cpu[0] / 1e6, cpu[runs - 1] / 1e6, wall[runs / 2] / 1e6, wall[0] / 1e6, wall[runs - 1] / 1e6);
                }
            }
        }
        model.retire();
    }
}
