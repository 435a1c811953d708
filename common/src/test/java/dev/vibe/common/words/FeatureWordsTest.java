package dev.vibe.common.words;

import dev.vibe.common.schema.Feature;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The musician's terms: key names, BPM, m:ss, dB and plain words for the 0-1 features. */
class FeatureWordsTest {

    @Test
    void keysAreNamedWithTheirMode() {
        assertEquals("C", FeatureWords.keyName(0));
        assertEquals("C#/Db", FeatureWords.keyName(1));
        assertEquals("B", FeatureWords.keyName(11));
        assertEquals("no key detected", FeatureWords.keyName(-1));
        assertEquals("A minor", FeatureWords.keyName(9, 0.0));
        assertEquals("F#/Gb major", FeatureWords.keyName(6, 1.0));
        assertEquals("G", FeatureWords.keyName(7, Double.NaN));
        assertEquals("G", FeatureWords.value(Feature.KEY, 7));
        assertEquals("minor", FeatureWords.value(Feature.MODE, 0));
        assertEquals("3/4", FeatureWords.value(Feature.TIME_SIGNATURE, 3));
    }

    @Test
    void tempoDurationAndLoudnessInTheirUnits() {
        assertEquals("128 BPM", FeatureWords.value(Feature.TEMPO, 127.6));
        assertEquals("3:05", FeatureWords.value(Feature.DURATION_MS, 185_000));
        assertEquals("0:59", FeatureWords.value(Feature.DURATION_MS, 59_400));
        assertEquals("1:00", FeatureWords.value(Feature.DURATION_MS, 59_600));
        assertEquals("-7.5 dB", FeatureWords.value(Feature.LOUDNESS, -7.46));
        assertEquals("missing", FeatureWords.value(Feature.TIME_SIGNATURE, Double.NaN));
    }

    @Test
    void zeroToOneFeaturesAreAPlainWordWithTheirValue() {
        assertEquals("very acoustic (0.87)", FeatureWords.value(Feature.ACOUSTICNESS, 0.87));
        assertEquals("electric (0.05)", FeatureWords.value(Feature.ACOUSTICNESS, 0.05));
        assertEquals("instrumental (1.00)", FeatureWords.value(Feature.INSTRUMENTALNESS, 1.0));
        assertEquals("calm (0.00)", FeatureWords.value(Feature.ENERGY, 0.0));
        assertEquals("0.87", FeatureWords.amount(Feature.ACOUSTICNESS, 0.87));
        assertEquals("128 BPM", FeatureWords.amount(Feature.TEMPO, 128));
        // the four words rise with the value
        for (Feature f : Feature.values()) {
            if (FeatureWords.unitScale(f)) {
                assertEquals(FeatureWords.level(f, 0.1), FeatureWords.level(f, 0.2), f.key());
                assertEquals(4, java.util.stream.DoubleStream.of(0.1, 0.3, 0.6, 0.9).mapToObj(v -> FeatureWords.level(f, v)).distinct().count(), f.key());
            }
        }
    }

    @Test
    void comparativesForEveryContinuousFeatureOnly() {
        assertEquals("slower", FeatureWords.lower(Feature.TEMPO));
        assertEquals("quieter", FeatureWords.lower(Feature.LOUDNESS));
        assertEquals("more acoustic", FeatureWords.higher(Feature.ACOUSTICNESS));
        for (Feature f : Feature.values()) {
            if (f.categorical()) {
                assertThrows(IllegalArgumentException.class, () -> FeatureWords.higher(f));
            } else {
                assertEquals(2, java.util.Set.of(FeatureWords.higher(f), FeatureWords.lower(f)).size(), f.key());
            }
            assertEquals(true, FeatureWords.noun(f) != null, f.key());
        }
    }
}
