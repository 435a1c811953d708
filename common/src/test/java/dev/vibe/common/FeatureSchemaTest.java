package dev.vibe.common;

import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureSchema;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class FeatureSchemaTest {

    /** Sample features of a real song (Exportify, Acoustic.csv row 1). */
    static final double[] SAMPLE = {0.554, 0.298, 7, -10.239, 1, 0.0291, 0.825, 0.000015, 0.109, 0.334, 138.057, 231_000, 4};

    @Test
    void orderIsTheOneTheModelsUse() {
        assertEquals(List.of("danceability", "energy", "key", "loudness", "mode", "speechiness", "acousticness",
                "instrumentalness", "liveness", "valence", "tempo", "duration_ms", "time_signature"), FeatureSchema.keys());
        assertEquals(13, FeatureSchema.SIZE);
    }

    @Test
    void categoricalFeaturesAreKeyModeAndTimeSignature() {
        assertEquals(List.of(Feature.KEY, Feature.MODE, Feature.TIME_SIGNATURE),
                FeatureSchema.FEATURES.stream().filter(Feature::categorical).toList());
    }

    @Test
    void findsFeaturesByTheHeaderSpellingsOfRealExports() {
        assertEquals(Feature.DURATION_MS, FeatureSchema.byName("Duration (ms)").orElseThrow());
        assertEquals(Feature.TIME_SIGNATURE, FeatureSchema.byName("Time Signature").orElseThrow());
        assertEquals(Feature.TIME_SIGNATURE, FeatureSchema.byName("time_signature").orElseThrow());
        // older Exportify header: literal TAB characters inside the name
        assertEquals(Feature.DANCEABILITY, FeatureSchema.byName("\t\t\t\tDanceability").orElseThrow());
        assertEquals(Feature.DANCEABILITY, FeatureSchema.byName("\uFEFFdanceability ").orElseThrow());
        assertTrue(FeatureSchema.byName("Popularity").isEmpty());
    }

    @Test
    void validFeaturesRoundTripThroughTheMapForm() {
        AudioFeatures f = AudioFeatures.of(SAMPLE);
        Map<String, Double> m = f.toMap();
        assertEquals(FeatureSchema.keys(), List.copyOf(m.keySet()));
        assertEquals(f, AudioFeatures.fromMap(m));
        assertEquals(138.057, f.get(Feature.TEMPO));
    }

    @Test
    void timeSignatureMayBeMissingButOtherFeaturesMayNot() {
        double[] v = SAMPLE.clone();
        v[Feature.TIME_SIGNATURE.index()] = Double.NaN;
        AudioFeatures f = AudioFeatures.of(v);
        assertFalse(f.has(Feature.TIME_SIGNATURE));
        assertFalse(f.toMap().containsKey("time_signature"));

        v[Feature.ENERGY.index()] = Double.NaN;
        var e = assertThrows(AudioFeatures.InvalidFeaturesException.class, () -> AudioFeatures.of(v));
        assertEquals(List.of("energy is missing"), e.problems());
    }

    @Test
    void rejectsOutOfRangeNonIntegralAndUnknownValuesNamingEach() {
        double[] v = SAMPLE.clone();
        v[Feature.TEMPO.index()] = -1;
        v[Feature.KEY.index()] = 2.5;
        v[Feature.VALENCE.index()] = Double.POSITIVE_INFINITY;
        var e = assertThrows(AudioFeatures.InvalidFeaturesException.class, () -> AudioFeatures.of(v));
        assertEquals(3, e.problems().size(), e.getMessage());
        assertTrue(e.getMessage().contains("key must be a whole number"), e.getMessage());
        assertTrue(e.getMessage().contains("valence must be a finite number"), e.getMessage());
        assertTrue(e.getMessage().contains("tempo must be between 0 and 400, got -1"), e.getMessage());

        var unknown = assertThrows(AudioFeatures.InvalidFeaturesException.class,
                () -> AudioFeatures.fromMap(Map.of("danceabilty", 0.5)));
        assertTrue(unknown.getMessage().contains("danceabilty is not a feature"), unknown.getMessage());
    }
}
