package dev.vibe.scoring.service;

import dev.vibe.common.model.ModelArtifact;
import dev.vibe.ml.data.ExportifyPlaylists;
import dev.vibe.ml.data.LabeledSongs;
import dev.vibe.ml.onnx.OnnxExport;
import dev.vibe.ml.net.VibeNet;
import dev.vibe.ml.net.VibeNetOptions;
import dev.vibe.ml.net.VibeNetTrainer;
import dev.vibe.ml.net.TrainingProgress;
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

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * In-process scoring throughput of the served model (trained on 4 real playlists) through the serving path: one shared ONNX
 * Runtime session, 1 intra-op thread. Score = calls per second; songs per second = score x batch. Run: bench/scoring-jmh.sh
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class ScoringBenchmark {

    @Param({"1", "32", "1000"})
    int batch;

    /** "served" = what the trainer serves; the others are the forms compared in the README (one shared ensemble). */
    @Param({"served"})
    String form;

    static final Map<String, java.util.function.UnaryOperator<VibeNetOptions>> VARIANTS = Map.of(
            "ensemble20", o -> o.withServing(VibeNetOptions.Serve.MEMBERS, 20),
            "first4of20", o -> o.withServing(VibeNetOptions.Serve.MEMBERS, 4),
            "first2of20", o -> o.withServing(VibeNetOptions.Serve.MEMBERS, 2),
            "first1of20", o -> o.withServing(VibeNetOptions.Serve.MEMBERS, 1),
            "distilled-q8", o -> o.withStudent(new VibeNetOptions.Student(8, List.of(64, 32), 4, 256)),
            "distilled-32x16", o -> o.withStudent(new VibeNetOptions.Student(16, List.of(32, 16), 4, 256)),
            "distilled-128x64", o -> o.withStudent(new VibeNetOptions.Student(16, List.of(128, 64), 4, 256)));

    ServedModel model;
    float[] flat;
    float[][] rows;

    @Setup(Level.Trial)
    public void setUp() {
        List<String> names = List.of("Bluey", "Praise_Bangers", "No_Words_Allowed", "Country");
        Path data = Path.of(System.getProperty("vibe.home", ".")).resolve("data/exportify");
        LabeledSongs songs = ExportifyPlaylists.load(names.stream().map(n -> data.resolve(n + ".csv")).toList());
        VibeNetOptions options = VibeNetOptions.defaults();
        VibeNetTrainer.Ensemble ensemble = VibeNetTrainer.ensemble(songs, dev.vibe.ml.data.BackgroundSongs.choose(songs, List.of(), List.of()).songs(), options,
                TrainingProgress.NONE);
        VibeNet network = VibeNetTrainer.serve(ensemble, "served".equals(form) ? options : VARIANTS.get(form).apply(options)).network();
        byte[] onnx = OnnxExport.toOnnx(network, songs.playlists(), Map.of());
        List<ModelArtifact.PlaylistRef> playlists = songs.playlists().stream().map(p -> new ModelArtifact.PlaylistRef(p, p)).toList();
        model = new ServedModel(ModelArtifact.of("bench", 1, "bench", playlists, List.of(), Map.of(), onnx, Instant.now()));
        flat = new float[batch * 13];
        rows = new float[batch][13];
        for (int i = 0; i < batch; i++) {
            double[] f = songs.songs().get(i % songs.size()).features();
            for (int j = 0; j < 13; j++) {
                flat[i * 13 + j] = (float) f[j];
                rows[i][j] = (float) f[j];
            }
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        model.retire();
    }

    @Benchmark
    public float[][] scoreBatch() {
        return model.predictFlat(flat, batch);
    }

    /** What a score request calls: both views (absolute and conditional) of songs given one array each. */
    @Benchmark
    public ServedModel.Views views() {
        return model.predictViews(rows);
    }
}
