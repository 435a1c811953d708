package dev.vibe.cli.output;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibe.common.json.EventJson;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code score --json} document: vibe, modelVersion, playlists, songs (id, name, probabilities: the absolute chance
 * per playlist; conditional: the chance given the song is on one of them; bestFit; fitsNone), and fitsNoneBelow.
 */
public final class ScoreJson {

    private ScoreJson() {
    }

    /** Prints the document on one line. */
    public static void print(JsonNode scores, PrintStream out) {
        out.println(new String(EventJson.write(document(scores)), StandardCharsets.UTF_8));
    }

    /** The document for the scoring service's answer. */
    public static Map<String, Object> document(JsonNode scores) {
        List<Map<String, Object>> songs = new ArrayList<>();
        for (JsonNode s : scores.get("songs")) {
            Map<String, Object> song = new LinkedHashMap<>();
            song.put("id", s.path("id").asText());
            song.put("name", s.path("name").asText());
            song.put("probabilities", JsonLists.numbers(s.get("probabilities")));
            if (s.hasNonNull("conditional")) {
                song.put("conditional", JsonLists.numbers(s.get("conditional")));
            }
            if (s.hasNonNull("bestFit")) {
                Map<String, Object> best = new LinkedHashMap<>();
                best.put("playlist", s.get("bestFit").path("playlist").asText());
                best.put("probability", s.get("bestFit").path("probability").asDouble());
                song.put("bestFit", best);
            }
            if (s.hasNonNull("fitsNone")) {
                song.put("fitsNone", s.get("fitsNone").asBoolean());
            }
            songs.add(song);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("vibe", scores.get("vibe").asText());
        out.put("modelVersion", scores.get("modelVersion").asInt());
        out.put("playlists", JsonLists.strings(scores.get("playlists")));
        out.put("songs", songs);
        if (scores.hasNonNull("fitsNoneBelow")) {
            out.put("fitsNoneBelow", scores.get("fitsNoneBelow").asDouble());
        }
        return out;
    }
}
