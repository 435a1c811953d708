package dev.vibe.common.schema;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/** The feature schema: names, order and lookup by any of the spellings sources use. */
public final class FeatureSchema {

    /** The 13 features in model-input order. */
    public static final List<Feature> FEATURES = List.of(Feature.values());

    public static final int SIZE = FEATURES.size();

    /** Version of the feature order and ranges; stored with every model. Bump on any change above. */
    public static final int VERSION = 1;

    private static final Map<String, Feature> BY_NORMALISED_NAME = FEATURES.stream()
            .flatMap(f -> java.util.stream.Stream.of(Map.entry(normalise(f.key()), f), Map.entry(normalise(f.label()), f)))
            .distinct()
            .collect(Collectors.toUnmodifiableMap(Map.Entry::getKey, Map.Entry::getValue));

    private FeatureSchema() {
    }

    /** The JSON names in model-input order. */
    public static List<String> keys() {
        return FEATURES.stream().map(Feature::key).toList();
    }

    /**
     * Finds a feature by a column or field name as sources spell it: {@code duration_ms}, {@code Duration (ms)},
     * {@code Time Signature}, {@code timeSignature}; case, spaces, tabs, BOM and punctuation are ignored.
     */
    public static Optional<Feature> byName(String name) {
        return Optional.ofNullable(BY_NORMALISED_NAME.get(normalise(name)));
    }

    static String normalise(String name) {
        String n = name == null ? "" : name.toLowerCase(Locale.ROOT).replace("(ms)", "ms");
        return n.replaceAll("[^a-z0-9]", "");
    }

}
