package dev.vibe.common.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import dev.vibe.common.schema.AudioFeatures;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A score request's features, checked as they are read: the same verdict as AudioFeatures.parse of the same object as a map. */
class FeaturesDeserializerTest {

    record Song(@JsonDeserialize(using = FeaturesDeserializer.class) AudioFeatures.Parsed features) {
    }

    static final ObjectMapper MAPPER = StrictJsonTest.mapper();
    static final String GOOD = "{\"danceability\":0.5,\"energy\":0.5,\"key\":5,\"loudness\":-7,\"mode\":1,\"speechiness\":0.05,"
            + "\"acousticness\":0.2,\"instrumentalness\":0,\"liveness\":0.1,\"valence\":0.4,\"tempo\":118.5,\"duration_ms\":201000,\"time_signature\":4}";

    static AudioFeatures.Parsed read(String features) throws Exception {
        return MAPPER.readValue("{\"features\":" + features + "}", Song.class).features();
    }

    @TestFactory
    Stream<DynamicTest> sameVerdictAsTheMapReader() {
        Map<String, String> cases = new java.util.LinkedHashMap<>();
        cases.put("all 13, good", GOOD);
        cases.put("time signature left out", GOOD.replace(",\"time_signature\":4", ""));
        cases.put("time signature null", GOOD.replace("\"time_signature\":4", "\"time_signature\":null"));
        cases.put("other spellings", GOOD.replace("\"duration_ms\"", "\"Duration (ms)\"").replace("\"time_signature\"", "\"timeSignature\""));
        cases.put("out of range, not a number, too big", GOOD.replace("\"key\":5", "\"key\":5.5").replace("\"energy\":0.5", "\"energy\":\"loud\"")
                .replace("\"tempo\":118.5", "\"tempo\":1e400"));
        cases.put("unknown key", GOOD.replace("\"mode\":1", "\"mood\":1"));
        cases.put("required null", GOOD.replace("\"valence\":0.4", "\"valence\":null"));
        cases.put("an array and an object", GOOD.replace("\"liveness\":0.1", "\"liveness\":[0.1]").replace("\"valence\":0.4", "\"valence\":{\"a\":1}"));
        cases.put("empty", "{}");
        return cases.entrySet().stream().map(c -> DynamicTest.dynamicTest(c.getKey(), () -> {
            AudioFeatures.Parsed streamed = read(c.getValue());
            AudioFeatures.Parsed mapped = AudioFeatures.parse(new ObjectMapper().readValue(c.getValue(), Map.class));
            assertEquals(mapped, streamed);
        }));
    }

    @Test
    void problemsAreNamedInTheOrderGivenThenTheMissingOnes() throws Exception {
        String bad = GOOD.replace("\"key\":5", "\"key\":5.5").replace("\"energy\":0.5", "\"energy\":\"loud\"").replace(",\"tempo\":118.5", "");
        AudioFeatures.Parsed parsed = read(bad);
        assertNull(parsed.features());
        assertEquals(List.of("energy", "key", "tempo"), parsed.problems().stream().map(AudioFeatures.FieldProblem::field).toList());
        assertEquals("must be a number, got loud", parsed.problems().get(0).message());
        assertEquals("is missing", parsed.problems().get(2).message());
    }

    @Test
    void notAnObjectIsAnInputErrorAndDuplicatesStayErrors() throws Exception {
        MismatchedInputException e = assertThrows(MismatchedInputException.class, () -> read("\"loud\""));
        assertEquals("features must be an object of the audio features by name, e.g. {\"danceability\":0.7,\"energy\":0.5,...}; got a string",
                e.getOriginalMessage(), "no class name of ours in a client's error");
        assertThrows(MismatchedInputException.class, () -> read("[1,2]"));
        assertThrows(Exception.class, () -> read("{\"tempo\":1,\"tempo\":2}"));
        assertNull(read("null"), "no features: the caller names them missing");
    }
}
