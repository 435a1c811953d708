package dev.vibe.common.schema;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Some or all of a song's 13 audio features, as one source delivered them: an export without feature columns still
 * carries the duration, a feature service has no duration or time signature. Every present value is valid (checked
 * by {@link Feature#problemWith}); an absent one is NaN. Sources are combined with {@link #orElse}, and a song is
 * usable once {@link #complete()} gives its {@link AudioFeatures}. Immutable.
 */
public final class FeatureValues {

    private static final FeatureValues NONE = new FeatureValues(nans());

    private final double[] values;

    private FeatureValues(double[] values) {
        this.values = values;
    }

    public static FeatureValues none() {
        return NONE;
    }

    /**
     * Values in schema order, NaN for absent.
     *
     * @throws AudioFeatures.InvalidFeaturesException naming each present value that is out of range
     */
    public static FeatureValues of(double... values) {
        if (values.length != FeatureSchema.SIZE) {
            throw new AudioFeatures.InvalidFeaturesException(List.of("expected " + FeatureSchema.SIZE + " feature values, got " + values.length));
        }
        List<String> problems = new ArrayList<>();
        for (Feature f : FeatureSchema.FEATURES) {
            double v = values[f.index()];
            if (!Double.isNaN(v)) {
                String problem = f.problemWith(v);
                if (problem != null) {
                    problems.add(problem);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new AudioFeatures.InvalidFeaturesException(problems);
        }
        return new FeatureValues(values.clone());
    }

    /** All values of complete features. */
    public static FeatureValues of(AudioFeatures features) {
        return new FeatureValues(features.toArray());
    }

    /** This with one more value; {@code value} must be valid for {@code feature}. */
    public FeatureValues with(Feature feature, double value) {
        double[] v = values.clone();
        v[feature.index()] = value;
        return of(v);
    }

    public double get(Feature feature) {
        return values[feature.index()];
    }

    public boolean has(Feature feature) {
        return !Double.isNaN(values[feature.index()]);
    }

    public boolean isEmpty() {
        return Arrays.stream(values).allMatch(Double::isNaN);
    }

    /** Features a model needs that are absent. */
    public Set<Feature> missingRequired() {
        Set<Feature> missing = EnumSet.noneOf(Feature.class);
        for (Feature f : FeatureSchema.FEATURES) {
            if (f.required() && !has(f)) {
                missing.add(f);
            }
        }
        return missing;
    }

    /** The song's features if every required one is present. */
    public Optional<AudioFeatures> complete() {
        return missingRequired().isEmpty() ? Optional.of(AudioFeatures.of(values)) : Optional.empty();
    }

    /** These values, with the absent ones taken from {@code other}. */
    public FeatureValues orElse(FeatureValues other) {
        double[] v = values.clone();
        for (int i = 0; i < v.length; i++) {
            if (Double.isNaN(v[i])) {
                v[i] = other.values[i];
            }
        }
        return new FeatureValues(v);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof FeatureValues other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "FeatureValues" + Arrays.toString(values);
    }

    private static double[] nans() {
        double[] v = new double[FeatureSchema.SIZE];
        Arrays.fill(v, Double.NaN);
        return v;
    }
}
