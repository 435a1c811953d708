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
            return missing();
        }
        Reader reader = new Reader();
        byName.forEach(reader::value);
        return reader.finish();
    }

    /** What {@link #parse} says of a song without features. */
    public static Parsed missing() {
        return new Parsed(null, List.of(new FieldProblem("features", "are missing: give the 13 audio features by name")));
    }

    /**
     * {@link #parse} one field at a time, for a features object read straight from a parser (no map, no boxed
     * numbers): a score request of 1,000 songs is 13,000 fields. Use once: {@link #finish} gives the result.
     */
    public static final class Reader {
        private final double[] values = new double[FeatureSchema.SIZE];
        private final List<FieldProblem> problems = new ArrayList<>(0);
        private int given;       // bit i: feature i was named
        private int withProblem; // bit i: feature i has a problem

        public Reader() {
            Arrays.fill(values, Double.NaN);
        }

        /** A field whose value is a number. */
        public void number(String name, double value) {
            Feature f = named(name);
            if (f == null) {
                return;
            }
            String problem = f.problemWith(value);
            if (problem != null) {
                problem(f, problem);
            } else {
                values[f.index()] = value;
            }
        }

        /** A field with any value: a number, null (given, without a value) or something else (a problem). */
        public void value(String name, Object value) {
            if (value instanceof Number n) {
                number(name, n.doubleValue());
                return;
            }
            Feature f = named(name);
            if (f != null && value != null) {
                problem(f, "must be a number, got " + value);
            }
        }

        private Feature named(String name) {
            Feature f = FeatureSchema.byName(name).orElse(null);
            if (f == null) {
                problems.add(new FieldProblem(name, "is not a feature (expected one of " + FeatureSchema.keys() + ")"));
                return null;
            }
            given |= 1 << f.index();
            return f;
        }

        private void problem(Feature f, String message) {
            problems.add(new FieldProblem(f.key(), message));
            withProblem |= 1 << f.index();
        }

        /** The features if every field was right and every required one given, else each field's problem. */
        public Parsed finish() {
            for (Feature f : FeatureSchema.FEATURES) {
                int bit = 1 << f.index();
                if (f.required() && ((given & bit) == 0 || (Double.isNaN(values[f.index()]) && (withProblem & bit) == 0))) {
                    problems.add(new FieldProblem(f.key(), "is missing"));
                }
            }
            return problems.isEmpty() ? new Parsed(new AudioFeatures(values), List.of()) : new Parsed(null, List.copyOf(problems));
        }
    }

    /**
     * Songs given as rows of numbers, their columns named once ({@code columns}: feature names as {@link #parse} takes
     * them; NaN where a row leaves a value out), checked as {@link #parse} checks a map, into rows of raw features in
     * schema order (NaN for missing). Problems are named {@code columns[j]}, {@code rows[i]} or {@code rows[i].tempo};
     * after {@code maxProblems} the rest are not looked for.
     */
    public static Table table(List<String> columns, double[][] rows, int maxProblems) {
        List<FieldProblem> problems = new ArrayList<>();
        Feature[] byColumn = new Feature[columns.size()];
        int named = 0;
        for (int j = 0; j < columns.size(); j++) {
            Feature f = FeatureSchema.byName(columns.get(j)).orElse(null);
            if (f == null) {
                problems.add(new FieldProblem("columns[" + j + "]", "'" + columns.get(j) + "' is not a feature (expected one of " + FeatureSchema.keys() + ")"));
            } else if ((named & 1 << f.index()) != 0) {
                problems.add(new FieldProblem("columns[" + j + "]", "names " + f.key() + " a second time"));
            } else {
                named |= 1 << f.index();
                byColumn[j] = f;
            }
        }
        for (Feature f : FeatureSchema.FEATURES) {
            if (f.required() && (named & 1 << f.index()) == 0) {
                problems.add(new FieldProblem("columns", "lacks " + f.key() + ", which every song needs"));
            }
        }
        if (!problems.isEmpty()) {
            return new Table(null, List.copyOf(problems));
        }
        float[][] out = new float[rows.length][];
        for (int i = 0; i < rows.length && problems.size() < maxProblems; i++) {
            double[] row = rows[i];
            if (row == null || row.length != columns.size()) {
                problems.add(new FieldProblem("rows[" + i + "]", (row == null ? "is null" : "has " + row.length + " numbers")
                        + ": each row needs " + columns.size() + ", one per column"));
                continue;
            }
            float[] raw = new float[FeatureSchema.SIZE];
            Arrays.fill(raw, Float.NaN);
            for (int j = 0; j < row.length; j++) {
                Feature f = byColumn[j];
                double v = row[j];
                if (Double.isNaN(v)) {
                    if (f.required()) {
                        problems.add(new FieldProblem("rows[" + i + "]." + f.key(), "is missing"));
                    }
                    continue;
                }
                String problem = f.problemWith(v);
                if (problem != null) {
                    problems.add(new FieldProblem("rows[" + i + "]." + f.key(), problem));
                } else {
                    raw[f.index()] = (float) v;
                }
            }
            out[i] = raw;
        }
        return problems.isEmpty() ? new Table(out, List.of()) : new Table(null, List.copyOf(problems));
    }

    /** Rows read by {@link #table}: raw features in schema order if every value is right, else the problems. */
    public record Table(float[][] rows, List<FieldProblem> problems) {
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
