package dev.vibe.ml.net;

import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.ml.data.BackgroundSongs;
import dev.vibe.ml.data.LabeledSongs;
import dev.vibe.ml.eval.Evaluation;
import dev.vibe.ml.onnx.OnnxExport;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The first training in a JVM costs seconds more than the next ones: PyTorch's native library loads and initialises,
 * and Tribuo's, DJL's and the trainer's own code are loaded and compiled. A trainer pays that once at start-up by
 * training, evaluating and exporting one small made-up vibe through the same code as a request
 * ({@link Evaluation#trainAndEvaluate}, {@link OnnxExport}); nothing it produces is kept.
 */
public final class WarmUp {

    private WarmUp() {
    }

    /** Rounds of training: after one, the next training still ran about a third slower (code not yet compiled to the end). */
    public static final int ROUNDS = 2;

    /**
     * Trains (with the requests' options and forest size), evaluates and exports the made-up vibe {@value #ROUNDS}
     * times; returns how long it took, in milliseconds.
     */
    public static long run(VibeNetOptions options, int forestTrees) {
        long millis = 0;
        for (int round = 0; round < ROUNDS; round++) {
            millis += round(options, forestTrees);
        }
        return millis;
    }

    /** One round: trains, evaluates and exports the made-up vibe once; returns how long it took, in milliseconds. */
    public static long round(VibeNetOptions options, int forestTrees) {
        long t0 = System.nanoTime();
        LabeledSongs songs = songs(4, 100, 1);
        List<LabeledSongs.Listed> background = BackgroundSongs.choose(songs, List.of(), List.of()).songs();
        Evaluation.Outcome outcome = Evaluation.trainAndEvaluate(songs, background, 0.2, options, forestTrees, TrainingProgress.NONE);
        OnnxExport.toOnnx(outcome.network(), songs.playlists(), Map.of());
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /**
     * {@code playlists} made-up playlists of {@code perPlaylist} songs each, every playlist a cloud of songs around
     * its own centre (so there is something to learn), values within each feature's valid range.
     */
    static LabeledSongs songs(int playlists, int perPlaylist, long seed) {
        Random random = new Random(seed);
        List<String> names = new ArrayList<>();
        List<List<LabeledSongs.Listed>> lists = new ArrayList<>();
        for (int k = 0; k < playlists; k++) {
            double[] centre = new double[FeatureSchema.SIZE];
            for (int j = 0; j < centre.length; j++) {
                centre[j] = random.nextDouble();
            }
            List<LabeledSongs.Listed> songs = new ArrayList<>();
            for (int i = 0; i < perPlaylist; i++) {
                double[] f = new double[FeatureSchema.SIZE];
                for (Feature feature : FeatureSchema.FEATURES) {
                    double u = Math.min(1, Math.max(0, centre[feature.index()] + 0.2 * random.nextGaussian()));
                    f[feature.index()] = switch (feature) {
                        case KEY -> Math.floor(u * 11.99);
                        case MODE -> u < 0.5 ? 0 : 1;
                        case TIME_SIGNATURE -> 3 + Math.floor(u * 2.99);
                        case LOUDNESS -> -30 + 28 * u;
                        case TEMPO -> 60 + 140 * u;
                        case DURATION_MS -> 120_000 + 240_000 * u;
                        default -> u;
                    };
                }
                songs.add(new LabeledSongs.Listed("warm-up-" + k + "-" + i, "warm-up song", f));
            }
            names.add("warm-up playlist " + k);
            lists.add(songs);
        }
        return LabeledSongs.fromPlaylists(names, lists);
    }
}
