package dev.vibe.common.schema;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The feature schema: names, order and lookup by any of the spellings sources use. */
public final class FeatureSchema {

    /** The 13 features in model-input order. */
    public static final List<Feature> FEATURES = List.of(Feature.values());

    public static final int SIZE = FEATURES.size();

    /** Version of the feature order and ranges; stored with every model. Bump on any change above. */
    public static final int VERSION = 1;

    /** Column titles of other exporters (watsonbox/exportify writes "Track Duration (ms)"). */
    private static final Map<String, Feature> ALIASES = Map.of("Track Duration (ms)", Feature.DURATION_MS);

    private static final Map<String, Feature> BY_NORMALISED_NAME = Stream.concat(
                    FEATURES.stream().flatMap(f -> Stream.of(Map.entry(normalise(f.key()), f), Map.entry(normalise(f.label()), f))),
                    ALIASES.entrySet().stream().map(e -> Map.entry(normalise(e.getKey()), e.getValue())))
            .distinct()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    /**
     * The schema's own JSON keys, looked up as given before any normalising: every song of a REST request names its 13
     * features so, and a request of 1,000 songs used to spend a tenth of its time lower-casing and stripping names.
     */
    private static final Map<String, Feature> BY_KEY = FEATURES.stream().collect(Collectors.toUnmodifiableMap(Feature::key, f -> f));

    private FeatureSchema() {
    }

    /** The JSON names in model-input order. */
    public static List<String> keys() {
        return FEATURES.stream().map(Feature::key).toList();
    }

    /**
     * Finds a feature by a column or field name as sources spell it: {@code duration_ms}, {@code Duration (ms)},
     * {@code Time Signature}, {@code timeSignature}, {@code Track Duration (ms)}; case, spaces, tabs, BOM and punctuation are ignored.
     */
    public static Optional<Feature> byName(String name) {
        Feature exact = name == null ? null : BY_KEY.get(name);
        return Optional.ofNullable(exact != null ? exact : BY_NORMALISED_NAME.get(normalise(name)));
    }

    /**
     * A column or field name reduced to lower-case letters and digits, so that spellings match whatever the
     * exporter wrote: {@code "\t\tDuration (ms)"}, {@code duration_ms} and {@code DurationMs} all become {@code durationms}.
     */
    public static String normalise(String name) {
        if (name == null) {
            return "";
        }
        StringBuilder kept = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = Character.toLowerCase(name.charAt(i));
            if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
                kept.append(c);
            }
        }
        return kept.toString();
    }

}
