package dev.vibe.common.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.vibe.common.schema.AudioFeatures;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The score request's features, read without Jackson's generic per-value dispatch: the same map for every input. */
class FeatureValuesDeserializerTest {

    record Song(@JsonDeserialize(using = FeatureValuesDeserializer.class) Map<String, Object> features) {
    }

    static final ObjectMapper MAPPER = StrictJsonTest.mapper();

    static Map<String, Object> read(String features) throws Exception {
        return MAPPER.readValue("{\"features\":" + features + "}", Song.class).features();
    }

    @Test
    void readsWhatTheGenericReaderReadsInOrder() throws Exception {
        String json = "{\"tempo\":120,\"energy\":0.5,\"mode\":null,\"key\":\"C\",\"loudness\":-5.5e0,\"x\":[1],\"y\":{\"a\":1}}";
        Map<String, Object> mine = read(json);
        Map<String, Object> generic = new ObjectMapper().readValue(json, Map.class);
        assertEquals(List.copyOf(generic.keySet()), List.copyOf(mine.keySet()), "the order the song gave them in");
        for (String k : generic.keySet()) {
            Object g = generic.get(k);
            Object m = mine.get(k);
            if (g instanceof Number n) {
                assertEquals(n.doubleValue(), ((Number) m).doubleValue(), k);
            } else {
                assertEquals(g, m, k);
            }
        }
        assertNull(mine.get("mode"));
        assertTrue(mine.containsKey("mode"), "a null feature is given (as null), not absent");
    }

    @Test
    void aSongReadSoParsesAsBeforeProblemsIncluded() throws Exception {
        String good = "{\"danceability\":0.5,\"energy\":0.5,\"key\":5,\"loudness\":-7,\"mode\":1,\"speechiness\":0.05,"
                + "\"acousticness\":0.2,\"instrumentalness\":0,\"liveness\":0.1,\"valence\":0.4,\"tempo\":118.5,\"duration_ms\":201000,\"time_signature\":4}";
        assertEquals(AudioFeatures.parse(new ObjectMapper().readValue(good, Map.class)).features().toMap(), AudioFeatures.parse(read(good)).features().toMap());
        String bad = good.replace("\"key\":5", "\"key\":5.5").replace("\"energy\":0.5", "\"energy\":\"loud\"").replace("\"tempo\":118.5", "\"tempo\":1e400");
        List<String> mine = new ArrayList<>();
        AudioFeatures.parse(read(bad)).problems().forEach(p -> mine.add(p.field() + ": " + p.message()));
        List<String> generic = new ArrayList<>();
        AudioFeatures.parse(new ObjectMapper().readValue(bad, Map.class)).problems().forEach(p -> generic.add(p.field() + ": " + p.message()));
        assertEquals(generic, mine);
        assertEquals(3, mine.size(), mine.toString());
    }

    @Test
    void notAnObjectIsAnInputErrorAndDuplicatesStayErrors() {
        assertThrows(MismatchedInputException.class, () -> read("\"loud\""));
        assertThrows(MismatchedInputException.class, () -> read("[1,2]"));
        assertThrows(Exception.class, () -> read("{\"tempo\":1,\"tempo\":2}"));
    }
}
