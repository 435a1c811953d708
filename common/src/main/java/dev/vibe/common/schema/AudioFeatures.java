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
     *
     * @throws InvalidFeaturesException naming every field that is unknown, not a number, missing or out of range
     */
    @JsonCreator
    public static AudioFeatures fromMap(Map<String, ?> byName) {
        Parsed parsed = parse(byName);
        if (!parsed.problems().isEmpty()) {
            throw new InvalidFeaturesException(parsed.problems().stream().map(FieldProblem::describe).toList(), parsed.problems());
        }
        return parsed.features();
    }

    /** What is wrong with one field of a features map: the feature (or the unknown key) and what. */
    public record FieldProblem(String field, String message) {
        /** "energy is missing", "danceability must be between 0 and 1, got 1.5". */
        public String describe() {
            return message.startsWith(field + " ") ? message : field + " " + message;
        }
    }

    /** A features map read by {@link #parse}: the features if every field is right, else each field's problem. */
    public record Parsed(AudioFeatures features, List<FieldProblem> problems) {
    }

    /**
     * Reads a features map by name, the one place such maps are checked (events, REST requests, stored rows): names must
     * be features ({@link FeatureSchema#byName}: {@code duration_ms}, {@code Duration (ms)}, ...), values numbers in
     * their feature's range, and every required feature present.
     */
    public static Parsed parse(Map<String, ?> byName) {
        if (byName == null) {
            return new Parsed(null, List.of(new FieldProblem("features", "are missing: give the 13 audio features by name")));
        }
        double[] v = new double[FeatureSchema.SIZE];
        Arrays.fill(v, Double.NaN);
        List<FieldProblem> problems = new ArrayList<>();
        java.util.Set<Feature> given = java.util.EnumSet.noneOf(Feature.class);
        for (Map.Entry<String, ?> e : byName.entrySet()) {
            var feature = FeatureSchema.byName(e.getKey());
            if (feature.isEmpty()) {
                problems.add(new FieldProblem(e.getKey(), "is not a feature (expected one of " + FeatureSchema.keys() + ")"));
                continue;
            }
            Feature f = feature.get();
            given.add(f);
            Object value = e.getValue();
            if (value == null) {
                continue;
            }
            if (!(value instanceof Number n)) {
                problems.add(new FieldProblem(f.key(), "must be a number, got " + value));
                continue;
            }
            double d = n.doubleValue();
            String problem = f.problemWith(d);
            if (problem != null) {
                problems.add(new FieldProblem(f.key(), problem));
            } else {
                v[f.index()] = d;
            }
        }
        for (Feature f : FeatureSchema.FEATURES) {
            if (f.required() && (!given.contains(f) || (Double.isNaN(v[f.index()]) && problems.stream().noneMatch(p -> p.field().equals(f.key()))))) {
                problems.add(new FieldProblem(f.key(), "is missing"));
            }
        }
        return problems.isEmpty() ? new Parsed(new AudioFeatures(v), List.of()) : new Parsed(null, List.copyOf(problems));
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

    /** Thrown when features are missing, unknown or out of range; carries one message (and one field) per problem. */
    public static final class InvalidFeaturesException extends IllegalArgumentException {
        private final List<String> problems;
        private final List<FieldProblem> fieldProblems;

        public InvalidFeaturesException(List<String> problems) {
            this(problems, List.of());
        }

        InvalidFeaturesException(List<String> problems, List<FieldProblem> fieldProblems) {
            super(String.join("; ", problems));
            this.problems = List.copyOf(problems);
            this.fieldProblems = List.copyOf(fieldProblems);
        }

        public List<String> problems() {
            return problems;
        }

        /** The problems by field, when the features came as a map. */
        public List<FieldProblem> fieldProblems() {
            return fieldProblems;
        }
    }

}
