package dev.vibe.common.schema;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A song's 13 audio features in schema order; a missing value (only allowed for optional features) is NaN
 * inside and absent in JSON. Immutable; validated on construction, so an instance is always usable.
 */
public final class AudioFeatures {

    private final double[] values;

    private AudioFeatures(double[] values) {
        this.values = values;
    }

    /**
     * Builds features from values in schema order; {@code Double.NaN} marks a missing optional value.
     *
     * @throws InvalidFeaturesException naming every feature that is missing or out of range
     */
    public static AudioFeatures of(double... values) {
        if (values.length != FeatureSchema.SIZE) {
            throw new InvalidFeaturesException(List.of("expected " + FeatureSchema.SIZE + " feature values, got " + values.length));
        }
        List<String> problems = new ArrayList<>();
        for (Feature f : FeatureSchema.FEATURES) {
            double v = values[f.index()];
            if (Double.isNaN(v)) {
                if (f.required()) {
                    problems.add(f.key() + " is missing");
                }
            } else {
                String problem = f.problemWith(v);
                if (problem != null) {
                    problems.add(problem);
                }
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidFeaturesException(problems);
        }
        return new AudioFeatures(values.clone());
    }

    /**
     * Builds features from a JSON-style map keyed by feature name ({@code "danceability": 0.7, ...}); unknown
     * keys are an error so that typos never pass silently.
     */
    @JsonCreator
    public static AudioFeatures fromMap(Map<String, ? extends Number> byName) {
        if (byName == null) {
            throw new InvalidFeaturesException(List.of("features are missing"));
        }
        double[] v = new double[FeatureSchema.SIZE];
        Arrays.fill(v, Double.NaN);
        List<String> problems = new ArrayList<>();
        for (Map.Entry<String, ? extends Number> e : byName.entrySet()) {
            var feature = FeatureSchema.byName(e.getKey());
            if (feature.isEmpty()) {
                problems.add("unknown feature '" + e.getKey() + "' (expected one of " + FeatureSchema.keys() + ")");
            } else if (e.getValue() != null) {
                v[feature.get().index()] = e.getValue().doubleValue();
            }
        }
        if (!problems.isEmpty()) {
            throw new InvalidFeaturesException(problems);
        }
        return of(v);
    }

    /** The value of one feature, NaN if missing. */
    public double get(Feature feature) {
        return values[feature.index()];
    }

    public boolean has(Feature feature) {
        return !Double.isNaN(values[feature.index()]);
    }

    /** A copy of the values in schema order, NaN for missing. */
    public double[] toArray() {
        return values.clone();
    }

    /** Copies the values into {@code target} at {@code offset}, as float (the model input type). */
    public void copyTo(float[] target, int offset) {
        for (int i = 0; i < values.length; i++) {
            target[offset + i] = (float) values[i];
        }
    }

    /** JSON form: feature name to value in schema order, missing values left out. */
    @JsonValue
    public Map<String, Double> toMap() {
        Map<String, Double> m = new LinkedHashMap<>();
        for (Feature f : FeatureSchema.FEATURES) {
            if (has(f)) {
                m.put(f.key(), values[f.index()]);
            }
        }
        return Collections.unmodifiableMap(m);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof AudioFeatures other && Arrays.equals(values, other.values);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(values);
    }

    @Override
    public String toString() {
        return "AudioFeatures" + toMap();
    }

    /** Thrown when features are missing, unknown or out of range; carries one message per problem. */
    public static final class InvalidFeaturesException extends IllegalArgumentException {
        private final List<String> problems;

        public InvalidFeaturesException(List<String> problems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
        }

        public List<String> problems() {
            return problems;
        }
    }

}
