package dev.vibe.common.csv;

import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureSchema;

import java.util.ArrayList;
import java.util.List;

/**
 * Writes songs as a CSV that playlist tools and Vibe's own import read back: exportify.net's column names ({@code Track
 * URI}, {@code Track Name}, {@code Artist Name(s)}, the feature columns), artists joined by commas as exportify does,
 * RFC 4180 quoting, plus any extra columns after those.
 */
public final class SongCsvWriter {

    private final StringBuilder out = new StringBuilder();

    /** A song to write; {@code features} in schema order (NaN: missing), {@code extra} one value per extra column. */
    public record Row(String uri, String name, List<String> artists, float[] features, List<String> extra) {
    }

    public SongCsvWriter(List<String> extraColumns) {
        List<String> header = new ArrayList<>(List.of("Track URI", "Track Name", "Artist Name(s)"));
        FeatureSchema.FEATURES.forEach(f -> header.add(f.label()));
        header.addAll(extraColumns);
        line(header);
    }

    public SongCsvWriter add(Row row) {
        List<String> fields = new ArrayList<>(List.of(row.uri() == null ? "" : row.uri(), row.name() == null ? "" : row.name(),
                String.join(",", row.artists())));
        for (Feature f : FeatureSchema.FEATURES) {
            float v = row.features()[f.index()];
            fields.add(Float.isNaN(v) ? "" : f.integral() || f == Feature.DURATION_MS ? Long.toString(Math.round(v)) : Float.toString(v)); // the shortest text that reads back as the same float
        }
        fields.addAll(row.extra());
        line(fields);
        return this;
    }

    public String text() {
        return out.toString();
    }

    private void line(List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append(quoted(fields.get(i)));
        }
        out.append("\r\n");
    }

    static String quoted(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }
}
