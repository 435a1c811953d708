package dev.vibe.scoring.service;

import dev.vibe.common.api.PlaylistDetail;
import dev.vibe.common.model.FeatureEncoding;
import dev.vibe.common.problem.Problem;
import dev.vibe.common.problem.VibeException;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.scoring.client.IngestClient;
import dev.vibe.scoring.client.IngestReads;
import dev.vibe.scoring.client.VibeStatusLookup;
import dev.vibe.scoring.config.ScoringConfig;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * Scores songs against a vibe's model, and explains on request: for each song and playlist, the features that
 * push its probability up or down most (occlusion: the change when the feature is set to the playlist's typical
 * value), the local slope per standard deviation, and the 3 nearest training songs of the playlist in the model's
 * encoded feature space.
 */
@ApplicationScoped
public class ScoringService {

    static final int TOP_FEATURES = 3;
    static final int NEAREST = 3;

    private final ServedModels servedModels;
    private final VibeStatusLookup status;
    private final IngestClient ingest;
    private final ScoringConfig config;
    private final EventLoopBatcher batcher;

    public ScoringService(ServedModels servedModels, VibeStatusLookup status, @RestClient IngestClient ingest, ScoringConfig config,
                          EventLoopBatcher batcher) {
        this.servedModels = servedModels;
        this.batcher = batcher;
        this.status = status;
        this.ingest = ingest;
        this.config = config;
    }

    /** A song to score: raw features in schema order ({@link Float#NaN} for a missing time signature). */
    public record SongInput(String id, String name, float[] features) {
    }

    /**
     * A feature's push on a probability; in words: the song's and the playlist's typical value in a musician's terms,
     * where the song sits among the playlist's songs ({@code position}: typical, higher, lower, unusual), a short
     * {@code phrase} ("it is more acoustic than most of Country", empty when typical) and the same with numbers ({@code words}).
     */
    public record FeatureEffect(String feature, double value, double typical, double effect, Double slopePerStd,
                                String valueText, String typicalText, String position, String phrase, String words) {

        /** The fields it had before the words: they stay null (kept so that existing callers compile unchanged). */
        public FeatureEffect(String feature, double value, double typical, double effect, Double slopePerStd) {
            this(feature, value, typical, effect, slopePerStd, null, null, null, null, null);
        }
    }

    public record Neighbour(String id, String name, double distance) {
    }

    /** Why a song fits a playlist (or not); {@code summary} says it in one sentence. */
    public record Explanation(String playlist, float probability, List<FeatureEffect> up, List<FeatureEffect> down, List<Neighbour> nearest,
                              String summary) {

        /** The fields it had before the summary: it stays null (kept so that existing callers compile unchanged). */
        public Explanation(String playlist, float probability, List<FeatureEffect> up, List<FeatureEffect> down, List<Neighbour> nearest) {
            this(playlist, probability, up, down, nearest, null);
        }
    }

    /**
     * A scored song.
     *
     * @param probabilities the absolute chance per playlist that the song belongs on it (against the world)
     * @param conditional   the chance per playlist given that the song is on one of them
     * @param bestFit       the playlist it fits best, and that chance
     * @param fitsNone      no playlist reaches the vibe's threshold ({@link Scores#fitsNoneBelow}); null for models made
     *                      before the vibe knew the rest of the world
     * @param summary       with explanations: the song in one sentence (for a song that fits none, why not)
     */
    public record ScoredSong(String id, String name, float[] probabilities, float[] conditional, BestFit bestFit, Boolean fitsNone,
                             List<Explanation> explanation, String summary) {
    }

    /** The playlist a song fits best and its chance. */
    public record BestFit(String playlist, float probability) {
    }

    /** @param fitsNoneBelow a song fits none of the playlists when no chance reaches this (null for older models) */
    public record Scores(String vibe, int modelVersion, List<String> playlists, List<ScoredSong> songs, float[][] matrix, Double fitsNoneBelow) {
    }

    /**
     * Only the [songs x N] matrix of absolute chances, for songs sent as rows of numbers (a compact form for large
     * batches: no names per song or per value either way).
     *
     * @param fitsNoneBelow a song fits none of the playlists when no chance in its row reaches this (null for older models)
     */
    public record Matrix(String vibe, int modelVersion, List<String> playlists, Double fitsNoneBelow, float[][] matrix) {
    }

    public Scores score(String vibeId, List<SongInput> songs, boolean explain) {
        checkSize(songs.size());
        return withModel(vibeId, model -> score(model, songs, explain));
    }

    /** The matrix of songs given as raw rows in schema order (NaN for missing). */
    public Matrix matrix(String vibeId, float[][] rows) {
        checkSize(rows.length);
        return withModel(vibeId, model -> matrixOf(model, model.predict(rows)));
    }

    private <T> T withModel(String vibeId, Function<ServedModel, T> work) {
        try {
            return servedModels.withModel(vibeId, work);
        } catch (ServedModels.NoModel e) {
            throw status.noModel(vibeId); // why: still training, failed, or an unknown vibe
        }
    }

    /** @throws VibeException.TooLarge beyond vibe.scoring.max-songs (before the songs are even read, when the caller can) */
    public void checkSize(int songs) {
        if (songs > config.maxSongs()) {
            throw new VibeException.TooLarge("At most " + config.maxSongs() + " songs per request (vibe.scoring.max-songs); this one has "
                    + songs + ". Split it into several requests.");
        }
    }

    /** The songs of a playlist stored by ingest, ready to score. */
    public List<SongInput> storedPlaylist(String playlistId) {
        PlaylistDetail p = IngestReads.playlist(ingest, playlistId, "send the songs' features inline instead, or try again.",
                unknown -> new VibeException.InvalidInput(unknown, List.of(new Problem.FieldError("playlistId", "unknown playlist"))));
        return p.songs().stream().map(s -> new SongInput(s.id(), s.name(), s.raw())).toList();
    }

    /**
     * Scores of songs by a vibe whose model is loaded, without explanations, computed together with the other small
     * requests that reach this event loop at the same time ({@link EventLoopBatcher}); empty if the model is not loaded.
     */
    public Optional<CompletionStage<Scores>> scoreLoaded(String vibeId, List<SongInput> songs) {
        checkSize(songs.size());
        float[][] raw = rows(songs);
        return onLoaded(vibeId, raw, (model, views) -> scores(model, songs, raw, views, false));
    }

    /** {@link #matrix} by a loaded model, with the other requests of this turn of the event loop; empty if it is not loaded. */
    public Optional<CompletionStage<Matrix>> matrixLoaded(String vibeId, float[][] rows) {
        checkSize(rows.length);
        return onLoaded(vibeId, rows, (model, views) -> matrixOf(model, views.absolute()));
    }

    /**
     * The answer of a loaded model, batched; the model stays acquired until its views are known. The release hangs on
     * a stage of its own: the caller's stage may be cancelled (a client that went away), and a cancelled stage's
     * {@code whenComplete} never runs, which would leave the model acquired for good.
     */
    private <T> Optional<CompletionStage<T>> onLoaded(String vibeId, float[][] raw, BiFunction<ServedModel, ServedModel.Views, T> answer) {
        ServedModel model = servedModels.acquireLoaded(vibeId);
        if (model == null) {
            return Optional.empty();
        }
        CompletableFuture<T> answered;
        try {
            answered = batcher.views(model, raw).thenApply(views -> answer.apply(model, views)).toCompletableFuture();
        } catch (Throwable e) {
            model.release();
            throw e;
        }
        answered.whenComplete((done, failed) -> model.release());
        return Optional.of(answered.minimalCompletionStage());
    }

    private static Matrix matrixOf(ServedModel model, float[][] absolute) {
        double threshold = model.fitsNoneBelow();
        return new Matrix(model.vibeId(), model.version(), model.playlistNames(), Double.isNaN(threshold) ? null : threshold, absolute);
    }

    Scores score(ServedModel model, List<SongInput> songs, boolean explain) {
        float[][] raw = rows(songs);
        return scores(model, songs, raw, model.predictViews(raw), explain);
    }

    private static float[][] rows(List<SongInput> songs) {
        float[][] raw = new float[songs.size()][];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = songs.get(i).features();
        }
        return raw;
    }

    private Scores scores(ServedModel model, List<SongInput> songs, float[][] raw, ServedModel.Views views, boolean explain) {
        float[][] p = views.absolute();
        List<ScoredSong> scored = new ArrayList<>(songs.size());
        List<List<Explanation>> explanations = explain ? explain(model, raw, p) : null;
        double threshold = model.fitsNoneBelow();
        for (int i = 0; i < songs.size(); i++) {
            int best = 0;
            for (int k = 1; k < p[i].length; k++) {
                best = p[i][k] > p[i][best] ? k : best;
            }
            BestFit bestFit = new BestFit(model.playlistNames().get(best), p[i][best]);
            Boolean fitsNone = Double.isNaN(threshold) ? null : p[i][best] < threshold;
            scored.add(new ScoredSong(songs.get(i).id(), songs.get(i).name(), p[i], views.conditional()[i], bestFit, fitsNone,
                    explain ? explanations.get(i) : null, explain ? ExplanationWords.songSummary(bestFit, fitsNone, threshold) : null));
        }
        return new Scores(model.vibeId(), model.version(), model.playlistNames(), scored, p, Double.isNaN(threshold) ? null : threshold);
    }

    /** Explanations of the given songs for every playlist (as {@code score(.., explain=true)} gives them). */
    List<List<Explanation>> explanations(ServedModel model, float[][] raw) {
        return raw.length == 0 ? List.of() : explain(model, raw, model.predict(raw));
    }

    /** All occlusion and slope variants of all songs go through the model in one batch. */
    private List<List<Explanation>> explain(ServedModel model, float[][] raw, float[][] p) {
        int n = raw.length;
        int k = model.playlistNames().size();
        int d = FeatureSchema.SIZE;
        List<Feature> continuous = FeatureEncoding.CONTINUOUS;
        int perSong = k * d + continuous.size();
        float[] rows = new float[n * perSong * d];
        int r = 0;
        for (int i = 0; i < n; i++) {
            for (int playlist = 0; playlist < k; playlist++) {
                double[] typical = model.typicalOf(playlist);
                for (int j = 0; j < d; j++) {
                    System.arraycopy(raw[i], 0, rows, r * d, d);
                    rows[r * d + j] = (float) typical[j];
                    r++;
                }
            }
            for (int c = 0; c < continuous.size(); c++) {
                System.arraycopy(raw[i], 0, rows, r * d, d);
                int j = continuous.get(c).index();
                rows[r * d + j] += (float) (0.1 * model.encoding().std()[c]);
                r++;
            }
        }
        float[][] q = model.predictFlat(rows, n * perSong);
        List<List<Explanation>> out = new ArrayList<>(n);
        double[][][] columns = new double[k][][];
        for (int playlist = 0; playlist < k; playlist++) {
            columns[playlist] = ExplanationWords.columns(model, playlist);
        }
        for (int i = 0; i < n; i++) {
            int base = i * perSong;
            float[] encoded = model.encoding().encode(toDouble(raw[i]));
            List<Explanation> perPlaylist = new ArrayList<>(k);
            for (int playlist = 0; playlist < k; playlist++) {
                double[] typical = model.typicalOf(playlist);
                List<FeatureEffect> effects = new ArrayList<>(d);
                for (int j = 0; j < d; j++) {
                    Feature f = FeatureSchema.FEATURES.get(j);
                    if (Float.isNaN(raw[i][j]) || Double.isNaN(typical[j]) || raw[i][j] == (float) typical[j]) {
                        continue;
                    }
                    double effect = p[i][playlist] - q[base + playlist * d + j][playlist];
                    int c = continuous.indexOf(f);
                    Double slope = c < 0 ? null : (q[base + k * d + c][playlist] - p[i][playlist]) / 0.1;
                    effects.add(ExplanationWords.effect(f, raw[i], typical[j], effect, slope, columns[playlist], model.playlistNames().get(playlist)));
                }
                List<FeatureEffect> up = effects.stream().filter(e -> e.effect() > 0)
                        .sorted(Comparator.comparingDouble(FeatureEffect::effect).reversed()).limit(TOP_FEATURES).toList();
                List<FeatureEffect> down = effects.stream().filter(e -> e.effect() < 0)
                        .sorted(Comparator.comparingDouble(FeatureEffect::effect)).limit(TOP_FEATURES).toList();
                String name = model.playlistNames().get(playlist);
                perPlaylist.add(new Explanation(name, p[i][playlist], up, down, nearest(model, playlist, encoded),
                        ExplanationWords.summary(name, fits(model, p[i][playlist]), up, down)));
            }
            out.add(perPlaylist);
        }
        return out;
    }

    /** A chance that says the song fits the playlist: the vibe's threshold ("fits none" below it), or one half in older models. */
    static boolean fits(ServedModel model, float probability) {
        double threshold = model.fitsNoneBelow();
        return probability >= (Double.isNaN(threshold) ? 0.5 : threshold);
    }

    private static List<Neighbour> nearest(ServedModel model, int playlist, float[] encoded) {
        return model.songsOf(playlist).stream()
                .map(s -> new Neighbour(s.id(), s.name(), distance(encoded, s.encoded())))
                .sorted(Comparator.comparingDouble(Neighbour::distance)).limit(NEAREST).toList();
    }

    private static double distance(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) {
            double diff = a[i] - b[i];
            s += diff * diff;
        }
        return Math.sqrt(s);
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }

    /**
     * Raw features of one song as read and checked ({@link AudioFeatures#parse}; null: the song has none), its problems
     * added to {@code errors} named "songs[i].features.name".
     */
    public static float[] features(int index, AudioFeatures.Parsed given, List<Problem.FieldError> errors) {
        float[] f = new float[FeatureSchema.SIZE];
        Arrays.fill(f, Float.NaN);
        AudioFeatures.Parsed parsed = given == null ? AudioFeatures.missing() : given;
        String prefix = "songs[" + index + "].features";
        for (AudioFeatures.FieldProblem p : parsed.problems()) {
            errors.add(new Problem.FieldError(given == null ? prefix : prefix + "." + p.field(), p.message()));
        }
        if (parsed.features() != null) {
            parsed.features().copyTo(f, 0);
        }
        return f;
    }
}
