package dev.vibe.cli.output;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/** The scores as the original project printed them: a [songs x playlists] matrix with song and playlist names. */
public final class ScoreMatrix {

    /** Song names longer than this are cut, with an ellipsis. */
    static final int NAME_WIDTH = 28;

    private ScoreMatrix() {
    }

    /** Prints the matrix, each song that fits none marked, then what the numbers mean. */
    public static void print(JsonNode scores, PrintStream out) {
        List<String> playlists = JsonLists.strings(scores.get("playlists"));
        out.printf("%-" + NAME_WIDTH + "s  %s%n", "", String.join(" | ", playlists));
        int n = scores.get("songs").size();
        int marked = 0;
        for (int i = 0; i < n; i++) {
            JsonNode s = scores.get("songs").get(i);
            String name = s.path("name").asText().isBlank() ? s.path("id").asText() : s.path("name").asText();
            if (name.length() > NAME_WIDTH) {
                name = name.substring(0, NAME_WIDTH - 1) + "…";
            }
            StringBuilder row = new StringBuilder(i == 0 ? "[[" : " [");
            JsonNode p = s.get("probabilities");
            for (int k = 0; k < p.size(); k++) {
                row.append(k == 0 ? "" : " ").append(String.format(Locale.ROOT, "%.3f", p.get(k).asDouble()));
            }
            row.append(i == n - 1 ? "]]" : "]");
            boolean none = s.path("fitsNone").asBoolean(false);
            marked += none ? 1 : 0;
            out.printf("%-" + NAME_WIDTH + "s %s%s%n", name, row, none ? "  fits none" : "");
        }
        if (scores.hasNonNull("fitsNoneBelow")) {
            out.printf(Locale.ROOT, "%nEach number is the chance that the song belongs on that playlist, against songs in general; "
                    + "%d of %d songs fit none of them (no chance reaches %.2f).%n", marked, n, scores.get("fitsNoneBelow").asDouble());
        }
    }
}
