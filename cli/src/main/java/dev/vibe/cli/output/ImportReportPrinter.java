package dev.vibe.cli.output;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An import's report in a few lines: the songs stored, where their features came from, the first skipped songs with
 * line, field and reason, and the notes. {@code vibe import --json} prints the whole report instead.
 */
public final class ImportReportPrinter {

    /** Skipped songs printed after an import; the report lists them all. */
    static final int SKIPPED_SHOWN = 5;

    private static final Map<String, String> SOURCE_WORDS = Map.of("export", "from the file", "stored", "already stored",
            "catalogue", "from the catalogue", "spotify", "from Spotify", "reccobeats", "from ReccoBeats");

    private ImportReportPrinter() {
    }

    public static void print(JsonNode r, PrintStream out) {
        String layout = r.path("layout").isTextual() ? " (" + r.get("layout").asText() + ")" : "";
        out.printf("imported '%s'%s: %d songs (%d new, %d known, %d updated)%n", r.get("name").asText(), layout, r.get("songs").asInt(),
                r.get("stored").asInt(), r.get("alreadyKnown").asInt(), r.get("updated").asInt());
        List<String> sources = new ArrayList<>();
        r.path("featureSources").fields().forEachRemaining(e -> {
            if (e.getValue().asInt() > 0) {
                sources.add(e.getValue().asInt() + " " + SOURCE_WORDS.getOrDefault(e.getKey(), e.getKey()));
            }
        });
        if (!sources.isEmpty()) {
            out.println("  features: " + String.join(", ", sources));
        }
        int skipped = r.path("skipped").asInt();
        if (skipped > 0) {
            out.printf("  skipped %d song%s:%n", skipped, skipped == 1 ? "" : "s");
            int shown = 0;
            for (JsonNode s : r.path("skippedSongs")) {
                if (shown++ == SKIPPED_SHOWN) {
                    break;
                }
                String where = s.hasNonNull("line") ? "line " + s.get("line").asText() : s.hasNonNull("position") ? "#" + s.get("position").asText() : "";
                String song = s.path("name").asText().isBlank() ? s.path("trackId").asText() : "'" + s.path("name").asText() + "'";
                String field = s.hasNonNull("field") ? " (" + s.get("field").asText() + ")" : "";
                out.printf("    %s %s%s: %s%n", where, song, field, s.path("reason").asText());
            }
            if (skipped > SKIPPED_SHOWN) {
                out.printf("    ... and %d more (vibe import --json prints the whole report)%n", skipped - SKIPPED_SHOWN);
            }
        }
        for (JsonNode note : r.path("notes")) {
            out.println("  note: " + note.asText());
        }
    }
}
