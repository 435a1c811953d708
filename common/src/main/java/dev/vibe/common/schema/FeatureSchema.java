package dev.vibe.common.schema;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** The feature schema: names, order and lookup by any of the spellings sources use. */
public final class FeatureSchema {

    /** The 13 features in model-input order. */
    public static final List<Feature> FEATURES = List.of(Feature.values());

    public static final int SIZE = FEATURES.size();

    /** Version of the feature order and ranges; stored with every model. Bump on any change above. */
    public static final int VERSION = 1;

    private static final Pattern NOT_ALPHANUMERIC = Pattern.compile("[^a-z0-9]");

    /** Column titles of other exporters (watsonbox/exportify writes "Track Duration (ms)"). */
    private static final Map<String, Feature> ALIASES = Map.of("Track Duration (ms)", Feature.DURATION_MS);

    private static final Map<String, Feature> BY_NORMALISED_NAME = Stream.concat(
                    FEATURES.stream().flatMap(f -> Stream.of(Map.entry(normalise(f.key()), f), Map.entry(normalise(f.label()), f))),
                    ALIASES.entrySet().stream().map(e -> Map.entry(normalise(e.getKey()), e.getValue())))
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
     * {@code Time Signature}, {@code timeSignature}, {@code Track Duration (ms)}; case, spaces, tabs, BOM and punctuation are ignored.
     */
    public static Optional<Feature> byName(String name) {
        return Optional.ofNullable(BY_NORMALISED_NAME.get(normalise(name)));
    }

    /**
     * A column or field name reduced to lower-case letters and digits, so that spellings match whatever the
     * exporter wrote: {@code "\t\tDuration (ms)"}, {@code duration_ms} and {@code DurationMs} all become {@code durationms}.
     */
    public static String normalise(String name) {
        return name == null ? "" : NOT_ALPHANUMERIC.matcher(name.toLowerCase(Locale.ROOT)).replaceAll("");
    }

}
