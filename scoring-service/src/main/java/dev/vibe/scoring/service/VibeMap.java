package dev.vibe.scoring.service;

import dev.vibe.common.model.FeatureEncoding;
import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.common.words.FeatureWords;
import dev.vibe.scoring.client.VibeStatusLookup;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * The vibe on a map: every training song in 2-D, placed by the model's own view of it (its encoded input: the
 * standardised continuous features and the one-hot key, mode and time signature the network reads) projected on the
 * two directions along which the vibe's songs differ most ({@link Projection}). Songs of a stored playlist can be
 * placed on the same map, with their probabilities.
 */
@ApplicationScoped
public class VibeMap {

    private final ServedModels servedModels;
    private final ScoringService scoring;
    private final VibeStatusLookup status;

    public VibeMap(ServedModels servedModels, ScoringService scoring, VibeStatusLookup status) {
        this.servedModels = servedModels;
        this.scoring = scoring;
        this.status = status;
    }

    /**
     * One direction of the map.
     *
     * @param varianceShare the share of the songs' spread (in the model's input space) along it
     * @param towards       what rises along it, in words ("faster and louder"), from its largest weights
     * @param awayFrom      the opposite
     * @param shownFrom     where a chart of the points should begin along it ({@link #shown}): songs further out are
     *                      best drawn on the chart's edge, so that one far-off song does not squeeze all the others
     * @param shownTo       where it should end
     */
    public record Axis(double varianceShare, String towards, String awayFrom, List<Weight> weights, double shownFrom, double shownTo) {
    }

    /** One input column's weight in a direction ("tempo", "key=7", "mode=1"). */
    public record Weight(String column, double weight) {
    }

    /**
     * A song on the map.
     *
     * @param playlists     the vibe's playlists (indices) a training song is on; empty for a scored song
     * @param scored        a song of the requested playlist, not a training song
     * @param probabilities a scored song's probabilities in playlist order (null for training songs)
     * @param facts         the song in a musician's terms, for the hover card
     */
    public record Point(String id, String name, List<Integer> playlists, boolean scored, double x, double y, float[] probabilities,
                        String facts) {
    }

    public record MapView(String vibeId, int modelVersion, List<String> playlists, String scoredPlaylist, Axis x, Axis y, List<Point> points) {
    }

    public MapView map(String vibeId, String playlistId) {
        List<ScoringService.SongInput> scored = playlistId == null || playlistId.isBlank() ? List.of() : scoring.storedPlaylist(playlistId);
        try {
            return servedModels.withModel(vibeId, model -> map(model, scored, playlistId));
        } catch (ServedModels.NoModel e) {
            throw status.noModel(vibeId);
        }
    }

    /** The map with the given songs placed on it (e.g. recommended songs), under {@code label}. */
    public MapView map(String vibeId, List<ScoringService.SongInput> songs, String label) {
        try {
            return servedModels.withModel(vibeId, model -> map(model, songs, label));
        } catch (ServedModels.NoModel e) {
            throw status.noModel(vibeId);
        }
    }

    static MapView map(ServedModel model, List<ScoringService.SongInput> scored, String playlistId) {
        Map<ServedModel.ReferenceSong, boolean[]> on = new IdentityHashMap<>();
        List<ServedModel.ReferenceSong> songs = VibeWords.uniqueSongs(model, on);
        Projection projection = Projection.fit(songs.stream().map(ServedModel.ReferenceSong::encoded).toList());
        List<Point> points = new ArrayList<>(songs.size() + scored.size());
        for (ServedModel.ReferenceSong s : songs) {
            boolean[] flags = on.get(s);
            double[] xy = projection.place(s.encoded());
            points.add(new Point(s.id(), s.name(), IntStream.range(0, flags.length).filter(k -> flags[k]).boxed().toList(), false,
                    xy[0], xy[1], null, facts(s.raw())));
        }
        if (!scored.isEmpty()) {
            float[][] p = model.predict(scored.stream().map(ScoringService.SongInput::features).toArray(float[][]::new));
            for (int i = 0; i < scored.size(); i++) {
                double[] raw = toDouble(scored.get(i).features());
                double[] xy = projection.place(model.encoding().encode(raw));
                points.add(new Point(scored.get(i).id(), scored.get(i).name(), List.of(), true, xy[0], xy[1], p[i], facts(raw)));
            }
        }
        double[] xSpan = shown(points.stream().mapToDouble(Point::x).toArray());
        double[] ySpan = shown(points.stream().mapToDouble(Point::y).toArray());
        return new MapView(model.vibeId(), model.version(), model.playlistNames(), scored.isEmpty() ? null : playlistId,
                axis(projection, 0, xSpan), axis(projection, 1, ySpan), points);
    }

    /**
     * The span of a chart along one axis: the 2nd to the 98th percentile of the values (all of them below 25 values,
     * or when those percentiles coincide), widened by a tenth on each side but never past the outermost value.
     */
    static double[] shown(double[] values) {
        if (values.length == 0) {
            return new double[]{0, 0};
        }
        double[] v = values.clone();
        Arrays.sort(v);
        double lo = v.length >= 25 ? v[(int) Math.round(0.02 * (v.length - 1))] : v[0];
        double hi = v.length >= 25 ? v[(int) Math.round(0.98 * (v.length - 1))] : v[v.length - 1];
        if (hi <= lo) { // nearly all songs at one place: show them all
            return new double[]{v[0], v[v.length - 1]};
        }
        double pad = (hi - lo) / 10;
        return new double[]{Math.max(v[0], lo - pad), Math.min(v[v.length - 1], hi + pad)};
    }

    /** "128 BPM · A minor · 3:25 · -6.2 dB · energetic (0.71) · electric (0.05)". */
    static String facts(double[] raw) {
        return String.join(" · ", FeatureWords.value(Feature.TEMPO, raw[Feature.TEMPO.index()]),
                FeatureWords.keyName((int) Math.round(raw[Feature.KEY.index()]), raw[Feature.MODE.index()]),
                FeatureWords.value(Feature.DURATION_MS, raw[Feature.DURATION_MS.index()]),
                FeatureWords.value(Feature.LOUDNESS, raw[Feature.LOUDNESS.index()]),
                FeatureWords.value(Feature.ENERGY, raw[Feature.ENERGY.index()]),
                FeatureWords.value(Feature.ACOUSTICNESS, raw[Feature.ACOUSTICNESS.index()]));
    }

    /** The two continuous features that weigh most in a direction, as comparatives. */
    static Axis axis(Projection projection, int c, double[] span) {
        List<String> names = FeatureEncoding.columnNames();
        double[] w = projection.components()[c];
        List<Weight> weights = IntStream.range(0, w.length).mapToObj(j -> new Weight(names.get(j), w[j]))
                .sorted(Comparator.comparingDouble((Weight x) -> -Math.abs(x.weight()))).toList();
        List<Weight> continuous = weights.stream().filter(x -> !x.column().contains("=")).limit(2).toList();
        List<String> up = new ArrayList<>();
        List<String> down = new ArrayList<>();
        for (Weight x : continuous) {
            Feature f = FeatureSchema.byName(x.column()).orElseThrow();
            up.add(x.weight() > 0 ? FeatureWords.higher(f) : FeatureWords.lower(f));
            down.add(x.weight() > 0 ? FeatureWords.lower(f) : FeatureWords.higher(f));
        }
        return new Axis(projection.varianceShare()[c], String.join(" and ", up), String.join(" and ", down), weights, span[0], span[1]);
    }

    private static double[] toDouble(float[] f) {
        double[] d = new double[f.length];
        for (int i = 0; i < f.length; i++) {
            d[i] = f[i];
        }
        return d;
    }
}
