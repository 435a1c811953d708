package dev.vibe.common.schema;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Reading a song's features by name is on the scoring hot path (13 names per song, 1,000 songs per request): the
 * schema's own keys are found as given, with no lower-casing or stripping of the name (issue 23: that was a tenth of a
 * 1,000-song request), while every other spelling sources use still resolves.
 */
class FeatureLookupTest {

    static Map<String, Object> song() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (Feature f : FeatureSchema.FEATURES) {
            m.put(f.key(), f.integral() ? f.min() : (f.min() + f.max()) / 2);
        }
        return m;
    }

    @Test
    void everySpellingResolves() {
        for (Feature f : FeatureSchema.FEATURES) {
            assertEquals(f, FeatureSchema.byName(f.key()).orElseThrow());
            assertEquals(f, FeatureSchema.byName(f.label()).orElseThrow(), f.label());
            assertEquals(f, FeatureSchema.byName("\t " + f.label().toUpperCase() + " ").orElseThrow());
        }
        assertEquals(Feature.DURATION_MS, FeatureSchema.byName("Track Duration (ms)").orElseThrow());
        assertEquals(Feature.DURATION_MS, FeatureSchema.byName("DurationMs").orElseThrow());
        assertTrue(FeatureSchema.byName("loudnes").isEmpty());
        assertTrue(FeatureSchema.byName(null).isEmpty());
        assertEquals("durationms", FeatureSchema.normalise("\t\tDuration (ms)"));
    }

    /** Allocation, not time: the bytes one thread allocates are counted exactly, whatever else the machine does. */
    @Test
    void parsingASongByItsSchemaKeysAllocatesNoNameCopies() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Map<String, Object> song = song();
        assertNotNull(AudioFeatures.parse(song).features(), AudioFeatures.parse(song).problems().toString());
        for (int i = 0; i < 20_000; i++) { // compiled, as on a busy service
            AudioFeatures.parse(song);
        }
        int calls = 10_000;
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < calls; i++) {
            AudioFeatures.parse(song);
        }
        long perCall = (threads.getThreadAllocatedBytes(id) - before) / calls;
        // the result (13 doubles, the record, its lists) and a set of given features: a few hundred bytes; a lower-cased
        // and stripped copy of each of the 13 names (and a regex matcher for each) came to several kilobytes
        assertTrue(perCall < 1_200, "AudioFeatures.parse allocates " + perCall + " bytes per song");
    }
}
