package dev.vibe.common.words;

import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureSchema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One song against one playlist, in words: whether a feature's value is typical of the playlist's songs, or higher
 * or lower than most of them ("it is more acoustic than most of Country"), and a sentence for the whole song
 * ("fits Country: its tempo and key are typical of it; it is more acoustic than most of Country").
 *
 * <p>Continuous features: typical when the song sits in the middle half of the playlist's songs (between their
 * quartiles). Key, mode and time signature: typical when at least {@link #COMMON_KEY} (key) or {@link #COMMON_CATEGORY}
 * (mode, time signature) of the playlist's songs share it.
 */
public final class SongWords {

    public static final double COMMON_KEY = 0.10;
    public static final double COMMON_CATEGORY = 0.25;

    private SongWords() {
    }

    /**
     * A feature of a song against a playlist.
     *
     * @param feature    the feature's key
     * @param typical    the value is typical of the playlist
     * @param position   "typical", "higher", "lower" (continuous) or "unusual" (a rare category on the playlist)
     * @param clause     short, for a sentence: "more acoustic than most of Country" ("" when typical)
     * @param words      with the numbers: "more acoustic (0.87) than most of Country (median 0.35)"
     */
    public record Comparison(String feature, boolean typical, String position, String clause, String words) {
    }

    /**
     * @param value          the song's value
     * @param mode           the song's mode (names a key "A minor"), or NaN
     * @param playlistValues the playlist's songs' values of the feature (NaN ignored)
     */
    public static Comparison compare(Feature f, double value, double mode, double[] playlistValues, String playlist) {
        double[] v = Arrays.stream(playlistValues).filter(x -> !Double.isNaN(x)).sorted().toArray();
        String shown = f == Feature.KEY ? FeatureWords.keyName((int) Math.round(value), mode) : FeatureWords.value(f, value);
        String noun = FeatureWords.noun(f);
        if (v.length == 0 || Double.isNaN(value)) {
            return new Comparison(f.key(), true, "typical", "", String.format("its %s is %s", noun, shown));
        }
        if (f.categorical()) {
            long same = Arrays.stream(v).filter(x -> Math.round(x) == Math.round(value)).count();
            double share = (double) same / v.length;
            String percent = Math.round(share * 100) + "%";
            if (share >= (f == Feature.KEY ? COMMON_KEY : COMMON_CATEGORY)) {
                return new Comparison(f.key(), true, "typical", "",
                        String.format("its %s is typical of %s: %s, like %s of its songs", noun, playlist, shown, percent));
            }
            return new Comparison(f.key(), false, "unusual", String.format("its %s is rare on %s", noun, playlist),
                    String.format("its %s is rare on %s: %s, like only %s of its songs", noun, playlist, shown, percent));
        }
        double below = Arrays.stream(v).filter(x -> x < value).count();
        double equal = Arrays.stream(v).filter(x -> x == value).count();
        double rank = (below + equal / 2) / v.length;
        String median = FeatureWords.amount(f, VibeDescriber.median(v));
        if (rank >= 0.25 && rank <= 0.75) {
            return new Comparison(f.key(), true, "typical", "",
                    String.format("its %s is typical of %s: %s, median %s", noun, playlist, shown, median));
        }
        String comparative = rank > 0.75 ? FeatureWords.higher(f) : FeatureWords.lower(f);
        return new Comparison(f.key(), false, rank > 0.75 ? "higher" : "lower",
                String.format("it is %s than most of %s", comparative, playlist),
                String.format(Locale.ROOT, "it is %s (%s) than most of %s (median %s)", comparative, FeatureWords.amount(f, value), playlist, median));
    }

    /**
     * "fits Country: its tempo and key are typical of it; it is more acoustic than most of Country". The reasons are
     * the features the model says push the probability towards the verdict, strongest first; then the strongest
     * feature against it.
     *
     * @param fits    the probability is at least one half
     * @param reasons comparisons of the features pushing towards the verdict, strongest first
     * @param against comparisons of the features pushing the other way, strongest first
     */
    public static String summary(String playlist, boolean fits, List<Comparison> reasons, List<Comparison> against) {
        StringBuilder s = new StringBuilder(fits ? "fits " : "does not fit ").append(playlist).append(": ");
        List<String> clauses = clauses(reasons);
        s.append(clauses.isEmpty() ? "no feature stands out" : String.join("; ", clauses));
        if (!against.isEmpty()) {
            List<String> other = clauses(against.subList(0, 1));
            s.append(fits ? "; but " : "; though ").append(other.get(0));
        }
        return s.toString();
    }

    private static List<String> clauses(List<Comparison> comparisons) {
        List<String> typical = comparisons.stream().filter(Comparison::typical)
                .map(c -> FeatureWords.noun(FeatureSchema.byName(c.feature()).orElseThrow())).toList();
        List<String> out = new ArrayList<>();
        if (!typical.isEmpty()) {
            boolean one = typical.size() == 1;
            out.add("its " + VibeDescriber.joinAnd(typical) + (one ? " is" : " are") + " typical of it");
        }
        comparisons.stream().filter(c -> !c.typical()).map(Comparison::clause).forEach(out::add);
        return out;
    }
}
