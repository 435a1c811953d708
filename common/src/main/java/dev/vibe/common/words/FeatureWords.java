package dev.vibe.common.words;

import dev.vibe.common.schema.Feature;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The 13 features in a musician's terms, defined once for the CLI, the REST answers and the page: keys as names
 * ("C#/Db major"), tempo in BPM, durations as m:ss, loudness in dB, 0-1 features as a plain word with their value
 * ("very acoustic (0.87)"), and the comparatives that say how one set of songs differs from another ("slower").
 */
public final class FeatureWords {

    /** Pitch classes as Spotify numbers them (0 = C ... 11 = B). */
    public static final List<String> PITCHES = List.of("C", "C#/Db", "D", "D#/Eb", "E", "F", "F#/Gb", "G", "G#/Ab", "A", "A#/Bb", "B");

    /** Plain words for the four quarters of a 0-1 feature: below 0.25, below 0.5, below 0.75, from 0.75. */
    private static final Map<Feature, List<String>> LEVELS = Map.of(
            Feature.DANCEABILITY, List.of("hard to dance to", "a little danceable", "danceable", "very danceable"),
            Feature.ENERGY, List.of("calm", "relaxed", "energetic", "intense"),
            Feature.SPEECHINESS, List.of("hardly any spoken words", "some spoken words", "much spoken word", "mostly speech"),
            Feature.ACOUSTICNESS, List.of("electric", "a little acoustic", "fairly acoustic", "very acoustic"),
            Feature.INSTRUMENTALNESS, List.of("sung", "mostly sung", "mostly instrumental", "instrumental"),
            Feature.LIVENESS, List.of("studio", "probably studio", "maybe live", "live"),
            Feature.VALENCE, List.of("sad or dark", "a little sad", "a little cheerful", "cheerful"));

    /** How to say "higher" and "lower" for each feature. */
    private static final Map<Feature, String[]> COMPARATIVES = Map.ofEntries(
            Map.entry(Feature.DANCEABILITY, new String[]{"more danceable", "less danceable"}),
            Map.entry(Feature.ENERGY, new String[]{"more energetic", "calmer"}),
            Map.entry(Feature.LOUDNESS, new String[]{"louder", "quieter"}),
            Map.entry(Feature.SPEECHINESS, new String[]{"more speech-like", "less speech-like"}),
            Map.entry(Feature.ACOUSTICNESS, new String[]{"more acoustic", "less acoustic"}),
            Map.entry(Feature.INSTRUMENTALNESS, new String[]{"more instrumental", "less instrumental"}),
            Map.entry(Feature.LIVENESS, new String[]{"more live-sounding", "more studio-sounding"}),
            Map.entry(Feature.VALENCE, new String[]{"happier", "sadder"}),
            Map.entry(Feature.TEMPO, new String[]{"faster", "slower"}),
            Map.entry(Feature.DURATION_MS, new String[]{"longer", "shorter"}));

    private static final Map<Feature, String> NOUNS = Map.ofEntries(
            Map.entry(Feature.DANCEABILITY, "danceability"), Map.entry(Feature.ENERGY, "energy"), Map.entry(Feature.KEY, "key"),
            Map.entry(Feature.LOUDNESS, "loudness"), Map.entry(Feature.MODE, "mode"), Map.entry(Feature.SPEECHINESS, "spoken words"),
            Map.entry(Feature.ACOUSTICNESS, "acoustic sound"), Map.entry(Feature.INSTRUMENTALNESS, "instrumentalness"),
            Map.entry(Feature.LIVENESS, "live sound"), Map.entry(Feature.VALENCE, "mood"), Map.entry(Feature.TEMPO, "tempo"),
            Map.entry(Feature.DURATION_MS, "length"), Map.entry(Feature.TIME_SIGNATURE, "time signature"));

    private FeatureWords() {
    }

    /** True for the features Spotify measures on a 0-1 scale. */
    public static boolean unitScale(Feature f) {
        return LEVELS.containsKey(f);
    }

    /** The feature as a noun in a sentence: "tempo", "key", "spoken words". */
    public static String noun(Feature f) {
        return NOUNS.get(f);
    }

    /** "C", "C#/Db", ..., or "no key detected" for -1. */
    public static String keyName(int key) {
        return key >= 0 && key < PITCHES.size() ? PITCHES.get(key) : "no key detected";
    }

    /** "A minor", "C#/Db major"; the key alone when the mode is unknown. */
    public static String keyName(int key, Double mode) {
        if (key < 0 || mode == null || Double.isNaN(mode)) {
            return keyName(key);
        }
        return keyName(key) + " " + modeName((int) Math.round(mode));
    }

    public static String modeName(int mode) {
        return mode == 1 ? "major" : "minor";
    }

    /** Spotify's time signature counts beats per bar: 3 is "3/4". */
    public static String timeSignature(int beats) {
        return beats + "/4";
    }

    /** "120 BPM". */
    public static String tempo(double bpm) {
        return Math.round(bpm) + " BPM";
    }

    /** "3:07". */
    public static String duration(double ms) {
        long seconds = Math.round(ms / 1000);
        return String.format(Locale.ROOT, "%d:%02d", seconds / 60, seconds % 60);
    }

    /** "-7.5 dB". */
    public static String loudness(double db) {
        return String.format(Locale.ROOT, "%.1f dB", db);
    }

    /** The plain word for a 0-1 value: "very acoustic". */
    public static String level(Feature f, double v) {
        List<String> words = LEVELS.get(f);
        if (words == null) {
            throw new IllegalArgumentException(f.key() + " is not a 0-1 feature");
        }
        return words.get(Math.max(0, Math.min(3, (int) Math.floor(v * 4))));
    }

    /** The 0-1 value itself, two decimals: "0.87". */
    public static String number(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    /**
     * One value of a feature in a musician's terms: "128 BPM", "3:25", "-6.2 dB", "very acoustic (0.87)", "A", "minor",
     * "4/4"; "missing" for a value a source did not give.
     */
    public static String value(Feature f, double v) {
        if (Double.isNaN(v)) {
            return "missing";
        }
        return switch (f) {
            case TEMPO -> tempo(v);
            case DURATION_MS -> duration(v);
            case LOUDNESS -> loudness(v);
            case KEY -> keyName((int) Math.round(v));
            case MODE -> modeName((int) Math.round(v));
            case TIME_SIGNATURE -> timeSignature((int) Math.round(v));
            default -> level(f, v) + " (" + number(v) + ")";
        };
    }

    /** A value without the plain word, for comparisons: "0.87", "128 BPM". */
    public static String amount(Feature f, double v) {
        return unitScale(f) && !Double.isNaN(v) ? number(v) : value(f, v);
    }

    /** A categorical feature's category in words: key 9 is "A", mode 0 "minor keys", time signature 3 "3/4 time". */
    public static String category(Feature f, int v) {
        return switch (f) {
            case KEY -> keyName(v);
            case MODE -> modeName(v) + " keys";
            case TIME_SIGNATURE -> timeSignature(v) + " time";
            default -> throw new IllegalArgumentException(f.key() + " is not categorical");
        };
    }

    /** How to say that songs have more of a continuous feature: "faster", "louder", "more acoustic". */
    public static String higher(Feature f) {
        return comparatives(f)[0];
    }

    /** How to say that songs have less of a continuous feature: "slower", "quieter", "less acoustic". */
    public static String lower(Feature f) {
        return comparatives(f)[1];
    }

    private static String[] comparatives(Feature f) {
        String[] c = COMPARATIVES.get(f);
        if (c == null) {
            throw new IllegalArgumentException(f.key() + " has categories, not more or less");
        }
        return c;
    }
}
