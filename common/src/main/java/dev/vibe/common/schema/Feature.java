package dev.vibe.common.schema;

import java.util.Locale;

/**
 * One of the 13 Spotify audio features, in the order the models see them.
 *
 * <p>The declaration order IS the feature order of every model input ({@code features[batch, 13]}); never
 * reorder these constants. Ranges are the values Spotify documents, widened where real exports exceed them
 * (loudness slightly above 0 dB, tempo and time signature 0 for silent or odd tracks, duration 0).
 */
public enum Feature {
    DANCEABILITY("danceability", "Danceability", Kind.CONTINUOUS, 0, 1, true),
    ENERGY("energy", "Energy", Kind.CONTINUOUS, 0, 1, true),
    KEY("key", "Key", Kind.CATEGORICAL, -1, 11, true),
    LOUDNESS("loudness", "Loudness", Kind.CONTINUOUS, -100, 10, true),
    MODE("mode", "Mode", Kind.CATEGORICAL, 0, 1, true),
    SPEECHINESS("speechiness", "Speechiness", Kind.CONTINUOUS, 0, 1, true),
    ACOUSTICNESS("acousticness", "Acousticness", Kind.CONTINUOUS, 0, 1, true),
    INSTRUMENTALNESS("instrumentalness", "Instrumentalness", Kind.CONTINUOUS, 0, 1, true),
    LIVENESS("liveness", "Liveness", Kind.CONTINUOUS, 0, 1, true),
    VALENCE("valence", "Valence", Kind.CONTINUOUS, 0, 1, true),
    TEMPO("tempo", "Tempo", Kind.CONTINUOUS, 0, 400, true),
    DURATION_MS("duration_ms", "Duration (ms)", Kind.CONTINUOUS, 0, 86_400_000, true),
    /** Absent from some catalogues (e.g. the TidyTuesday dataset): missing, never zero. */
    TIME_SIGNATURE("time_signature", "Time Signature", Kind.CATEGORICAL, 0, 7, false);

    /** How a model should treat the feature. */
    public enum Kind { CONTINUOUS, CATEGORICAL }

    private final String key;
    private final String label;
    private final Kind kind;
    private final double min;
    private final double max;
    private final boolean required;

    Feature(String key, String label, Kind kind, double min, double max, boolean required) {
        this.key = key;
        this.label = label;
        this.kind = kind;
        this.min = min;
        this.max = max;
        this.required = required;
    }

    /** The name in JSON and in Spotify's API ({@code duration_ms}, {@code time_signature}). */
    public String key() { return key; }

    /** The column title Exportify uses ({@code Duration (ms)}, {@code Time Signature}). */
    public String label() { return label; }

    public Kind kind() { return kind; }

    public double min() { return min; }

    public double max() { return max; }

    /** False for features a source may legitimately lack; a model must handle them missing. */
    public boolean required() { return required; }

    public boolean categorical() { return kind == Kind.CATEGORICAL; }

    /** Categorical features take whole numbers only. */
    public boolean integral() { return kind == Kind.CATEGORICAL; }

    /** Position in the model input vector. */
    public int index() { return ordinal(); }

    /**
     * Why {@code value} is not acceptable for this feature, or {@code null} if it is.
     * NaN and infinities are never acceptable: a missing value is represented by absence, not by NaN.
     */
    public String problemWith(double value) {
        if (Double.isNaN(value) || Double.isInfinite(value)) {
            return key + " must be a finite number, got " + value;
        }
        if (value < min || value > max) {
            return String.format(Locale.ROOT, "%s must be between %s and %s, got %s", key, fmt(min), fmt(max), fmt(value));
        }
        if (integral() && value != Math.rint(value)) {
            return key + " must be a whole number, got " + fmt(value);
        }
        return null;
    }

    private static String fmt(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }
}
