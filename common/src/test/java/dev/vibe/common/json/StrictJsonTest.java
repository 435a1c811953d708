package dev.vibe.common.json;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The services' REST mapper: strict, and with Jackson's fast number conversions (issue 23: a sixth of a batch request). */
class StrictJsonTest {

    static ObjectMapper mapper() {
        ObjectMapper m = new ObjectMapper();
        new StrictJson().customize(m);
        return m;
    }

    @Test
    void numbersGoThroughTheFastParserAndWriterAndComeBackTheSame() throws Exception {
        ObjectMapper m = mapper();
        assertTrue(m.getFactory().isEnabled(StreamReadFeature.USE_FAST_DOUBLE_PARSER));
        assertTrue(m.getFactory().isEnabled(StreamWriteFeature.USE_FAST_DOUBLE_WRITER));
        float[] chances = {0.023313988f, 1e-7f, 0.99999994f, 0f, 1f, 0.1f};
        assertEquals(java.util.Arrays.toString(chances), java.util.Arrays.toString(m.readValue(m.writeValueAsString(chances), float[].class)));
        assertEquals(-5.421, m.readTree("{\"loudness\":-5.421}").get("loudness").asDouble());
        assertEquals(2.09e5, m.readTree("{\"duration_ms\":2.09E5}").get("duration_ms").asDouble());
    }

    @Test
    void duplicateKeysAndTrailingContentAreErrors() {
        ObjectMapper m = mapper();
        assertThrows(Exception.class, () -> m.readValue("{\"a\":1,\"a\":2}", JsonNode.class));
        assertThrows(Exception.class, () -> m.readValue("{\"a\":1} ]", JsonNode.class));
    }
}
