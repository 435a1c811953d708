package dev.vibe.common.words;

import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureSchema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What sets each playlist of a vibe apart from the others, in words, from its songs' features and (optionally) from
 * how much the model's output for that playlist depends on each feature.
 *
 * <p>A feature is named only when it really differs: for a continuous feature, the playlist's median against the
 * median of the vibe's songs that are not on it, divided by the feature's spread over all the vibe's songs
 * (standard deviation) is at least {@link #THRESHOLD}; for a key, mode or time signature, the share of the playlist's
 * songs in one category against that share on the other playlists, as Cohen's h, is at least {@link #THRESHOLD}
 * (0.5 is a "medium" effect on both scales). Phrases are ordered by the model's dependence on the feature for that
 * playlist when it is given, else by effect size.
 */
public final class VibeDescriber {

    /** Smallest effect size named. */
    public static final double THRESHOLD = 0.5;

    /** Most phrases in a summary; every phrase over the threshold stays in {@link Description#phrases()}. */
    public static final int SUMMARY_PHRASES = 5;

    private VibeDescriber() {
    }

    /** A song of the vibe: its raw features (schema order, NaN for missing) and the playlists (indices) it is on. */
    public record Song(double[] raw, boolean[] on) {
    }

    /**
     * One thing that sets a playlist apart, with the numbers behind it.
     *
     * @param feature    the feature's key
     * @param words      the phrase: "slower", "mostly minor keys"
     * @param direction  "higher" or "lower" for a continuous feature, "category" for a categorical one
     * @param category   the category (key 0-11, mode 0/1, beats per bar) for a categorical feature, else null
     * @param playlist   the playlist's median, or the share of its songs in the category
     * @param others     the same over the songs of the other playlists
     * @param playlistText {@code playlist} in a musician's terms ("92 BPM", "64%")
     * @param othersText   {@code others} in a musician's terms
     * @param effectSize the standardised difference (continuous) or Cohen's h (categorical), signed
     * @param modelWeight how much the model's probability for this playlist moves, on average over its songs, when the
     *                   feature is set to the vibe's typical value (null when not measured)
     * @param detail     the numbers in a sentence, for a hover or --json
     */
    public record Phrase(String feature, String words, String direction, Integer category, double playlist, double others,
                         String playlistText, String othersText, double effectSize, Double modelWeight, String detail) {
    }

    /** A playlist's vibe in words: the summary sentence and every phrase behind it, most telling first. */
    public record Description(String playlist, String summary, List<Phrase> phrases) {
    }

    /**
     * Describes each playlist against the others.
     *
     * @param playlists   names in playlist order
     * @param songs       the vibe's songs (a song on several playlists appears once, with all of them)
     * @param modelWeight per playlist and feature (schema order) the model's dependence, or null
     */
    public static List<Description> describe(List<String> playlists, List<Song> songs, double[][] modelWeight) {
        double[] spread = new double[FeatureSchema.SIZE];
        for (Feature f : FeatureSchema.FEATURES) {
            spread[f.index()] = std(values(songs, f, -1, null));
        }
        List<Description> out = new ArrayList<>(playlists.size());
        for (int k = 0; k < playlists.size(); k++) {
            List<Phrase> phrases = new ArrayList<>();
            for (Feature f : FeatureSchema.FEATURES) {
                Double weight = modelWeight == null ? null : modelWeight[k][f.index()];
                Phrase p = f.categorical() ? categorical(f, songs, k, weight) : continuous(f, songs, k, spread[f.index()], weight);
                if (p != null) {
                    phrases.add(p);
                }
            }
            phrases.sort(Comparator.comparingDouble((Phrase p) -> p.modelWeight() == null ? 0 : -p.modelWeight())
                    .thenComparingDouble(p -> -Math.abs(p.effectSize())));
            out.add(new Description(playlists.get(k), summary(phrases), List.copyOf(phrases)));
        }
        return out;
    }

    private static Phrase continuous(Feature f, List<Song> songs, int k, double spread, Double weight) {
        double[] mine = values(songs, f, k, true);
        double[] rest = values(songs, f, k, false);
        if (mine.length == 0 || rest.length == 0 || spread <= 0) {
            return null;
        }
        double a = median(mine);
        double b = median(rest);
        double d = (a - b) / spread;
        if (Math.abs(d) < THRESHOLD) {
            return null;
        }
        String words = d > 0 ? FeatureWords.higher(f) : FeatureWords.lower(f);
        String at = FeatureWords.amount(f, a);
        String bt = FeatureWords.amount(f, b);
        String detail = String.format(Locale.ROOT, "%s: median %s %s against %s on the other playlists (%.1f standard deviations)",
                words, FeatureWords.noun(f), at, bt, Math.abs(d));
        return new Phrase(f.key(), words, d > 0 ? "higher" : "lower", null, a, b, at, bt, d, weight, detail);
    }

    private static Phrase categorical(Feature f, List<Song> songs, int k, Double weight) {
        double[] mine = values(songs, f, k, true);
        double[] rest = values(songs, f, k, false);
        if (mine.length == 0 || rest.length == 0) {
            return null;
        }
        Map<Integer, Integer> counts = new TreeMap<>();
        for (double v : mine) {
            counts.merge((int) Math.round(v), 1, Integer::sum);
        }
        Phrase best = null;
        for (Map.Entry<Integer, Integer> e : counts.entrySet()) {
            int c = e.getKey();
            double a = (double) e.getValue() / mine.length;
            double b = Arrays.stream(rest).filter(v -> Math.round(v) == c).count() / (double) rest.length;
            double h = 2 * Math.asin(Math.sqrt(a)) - 2 * Math.asin(Math.sqrt(b));
            if (h < THRESHOLD || (best != null && h <= best.effectSize())) {
                continue;
            }
            String what = FeatureWords.category(f, c);
            String words = f == Feature.MODE ? (a > 0.5 ? "mostly " : "more ") + what : (a > 0.5 ? "mostly in " : "often in ") + what;
            String detail = String.format(Locale.ROOT, "%s: %s of its songs against %s on the other playlists", words, percent(a), percent(b));
            best = new Phrase(f.key(), words, "category", c, a, b, percent(a), percent(b), h, weight, detail);
        }
        return best;
    }

    /** "slower, more acoustic and quieter than your other playlists; mostly minor keys". */
    static String summary(List<Phrase> phrases) {
        List<Phrase> top = phrases.subList(0, Math.min(SUMMARY_PHRASES, phrases.size()));
        List<String> comparisons = top.stream().filter(p -> p.category() == null).map(Phrase::words).toList();
        List<String> categories = top.stream().filter(p -> p.category() != null).map(Phrase::words).toList();
        if (comparisons.isEmpty() && categories.isEmpty()) {
            return "much like your other playlists: no feature sets it clearly apart";
        }
        StringBuilder s = new StringBuilder();
        if (!comparisons.isEmpty()) {
            s.append(joinAnd(comparisons)).append(" than your other playlists");
        }
        if (!categories.isEmpty()) {
            s.append(s.length() > 0 ? "; " : "").append(joinAnd(categories));
        }
        return s.toString();
    }

    static String joinAnd(List<String> parts) {
        if (parts.size() == 1) {
            return parts.get(0);
        }
        return String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
    }

    static String percent(double share) {
        return Math.round(share * 100) + "%";
    }

    /** The feature's values over songs on playlist k (on = true), not on it (false), or all songs (k = -1). */
    private static double[] values(List<Song> songs, Feature f, int k, Boolean on) {
        return songs.stream().filter(s -> k < 0 || s.on()[k] == on).mapToDouble(s -> s.raw()[f.index()])
                .filter(v -> !Double.isNaN(v)).toArray();
    }

    static double median(double[] values) {
        double[] v = values.clone();
        Arrays.sort(v);
        int n = v.length;
        return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    }

    static double std(double[] v) {
        if (v.length < 2) {
            return 0;
        }
        double mean = Arrays.stream(v).average().orElse(0);
        return Math.sqrt(Arrays.stream(v).map(x -> (x - mean) * (x - mean)).sum() / v.length);
    }
}
