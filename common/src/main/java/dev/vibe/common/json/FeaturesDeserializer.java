package dev.vibe.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;
import dev.vibe.common.schema.AudioFeatures;

import java.io.IOException;

/**
 * A song's features as a JSON object, checked as they are read: each field goes straight from the parser to
 * {@link AudioFeatures.Reader} (numbers as doubles, anything else as Jackson reads it, for the reader to name), so the
 * result is what {@link AudioFeatures#parse} says of the same object as a map, without the map. A score request of
 * 1,000 songs is 13,000 such fields (issue 23).
 */
public final class FeaturesDeserializer extends StdDeserializer<AudioFeatures.Parsed> {

    public FeaturesDeserializer() {
        super(AudioFeatures.Parsed.class);
    }

    @Override
    public AudioFeatures.Parsed deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (!p.isExpectedStartObjectToken()) {
            return ctxt.reportInputMismatch(this, "features must be an object of the audio features by name, e.g. "
                    + "{\"danceability\":0.7,\"energy\":0.5,...}; got %s", RowsDeserializer.describe(p.currentToken()));
        }
        AudioFeatures.Reader reader = new AudioFeatures.Reader();
        for (String name = p.nextFieldName(); name != null; name = p.nextFieldName()) {
            switch (p.nextToken()) {
                case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> reader.number(name, p.getDoubleValue());
                case VALUE_NULL -> reader.value(name, null);
                case VALUE_STRING -> reader.value(name, p.getText());
                default -> reader.value(name, ctxt.readValue(p, Object.class));
            }
        }
        return reader.finish();
    }
}
