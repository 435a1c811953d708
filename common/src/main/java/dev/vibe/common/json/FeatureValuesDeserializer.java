package dev.vibe.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A song's features as a JSON object, read straight from the parser: numbers as doubles, strings and nulls as they are,
 * anything else as Jackson reads it (for {@code AudioFeatures.parse} to name). The same map the generic reader makes,
 * without its per-value dispatch: a 1,000-song score request is 13,000 of them (issue 23).
 */
public final class FeatureValuesDeserializer extends StdDeserializer<Map<String, Object>> {

    public FeatureValuesDeserializer() {
        super(Map.class);
    }

    @Override
    @SuppressWarnings("unchecked")
    public Map<String, Object> deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (!p.isExpectedStartObjectToken()) {
            return (Map<String, Object>) ctxt.handleUnexpectedToken(Map.class, p);
        }
        Map<String, Object> values = new LinkedHashMap<>(24);
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            JsonToken token = p.nextToken();
            Object value = switch (token) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> p.getDoubleValue();
                case VALUE_NULL -> null;
                case VALUE_STRING -> p.getText();
                default -> ctxt.readValue(p, Object.class);
            };
            values.put(name, value);
        }
        return values;
    }
}
