package dev.vibe.cli.output;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/** Reading the services' JSON arrays as Java lists. */
public final class JsonLists {

    private JsonLists() {
    }

    /** The array's elements as text, in order. */
    public static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asText()));
        return out;
    }

    /** The array's elements as numbers, in order. */
    public static List<Double> numbers(JsonNode array) {
        List<Double> out = new ArrayList<>();
        array.forEach(x -> out.add(x.asDouble()));
        return out;
    }
}
