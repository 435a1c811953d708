package dev.vibe.common.json;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationContext;
import com.fasterxml.jackson.databind.deser.std.StdDeserializer;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Rows of numbers ({@code [[0.5, 0.7, ...], ...]}) read straight from the parser; {@code null} is a value left out
 * (NaN), as in a song's features object. Anything else than a number or null is an input error naming its row and
 * column. Checked against their columns by {@code AudioFeatures.table}.
 */
public final class RowsDeserializer extends StdDeserializer<double[][]> {

    public RowsDeserializer() {
        super(double[][].class);
    }

    @Override
    public double[][] deserialize(JsonParser p, DeserializationContext ctxt) throws IOException {
        if (!p.isExpectedStartArrayToken()) {
            return ctxt.reportInputMismatch(this, "rows must be an array of rows, each an array of numbers; got %s", describe(p.currentToken()));
        }
        List<double[]> rows = new ArrayList<>();
        double[] row = new double[16];
        for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
            if (t == JsonToken.VALUE_NULL) {
                rows.add(null); // named by the table's check, like a row of the wrong length
                continue;
            }
            if (t != JsonToken.START_ARRAY) {
                return ctxt.reportInputMismatch(this, "rows[%d] must be an array of numbers; got %s", rows.size(), describe(t));
            }
            int n = 0;
            for (JsonToken v = p.nextToken(); v != JsonToken.END_ARRAY; v = p.nextToken()) {
                if (n == row.length) {
                    row = Arrays.copyOf(row, 2 * n);
                }
                if (v == JsonToken.VALUE_NUMBER_FLOAT || v == JsonToken.VALUE_NUMBER_INT) {
                    row[n++] = p.getDoubleValue();
                } else if (v == JsonToken.VALUE_NULL) {
                    row[n++] = Double.NaN;
                } else {
                    return ctxt.reportInputMismatch(this, "rows[%d][%d] must be a number or null; got %s", rows.size(), n, describe(v));
                }
            }
            rows.add(Arrays.copyOf(row, n));
        }
        return rows.toArray(double[][]::new);
    }

    /** A JSON token in words, for an error message ("a string", "an object"). */
    static String describe(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case VALUE_STRING -> "a string";
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_TRUE, VALUE_FALSE -> "true or false";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }
}
