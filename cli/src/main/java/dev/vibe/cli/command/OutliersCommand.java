package dev.vibe.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibe.cli.client.VibeClient;
import dev.vibe.cli.output.JsonLists;
import dev.vibe.common.json.EventJson;
import dev.vibe.stack.StackConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "outliers", mixinStandardHelpOptions = true,
        description = {"Name each playlist's misfits: its own songs that fit it least, least fitting first, with why in words.",
                "Each song is judged by a model that did not learn from it, so a misfit cannot hide behind having been learned."})
public class OutliersCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "VIBE", description = "The vibe id (from vibe train).")
    String vibe;

    @Option(names = "--playlist", paramLabel = "P", description = "Only this playlist (its id or name).")
    String playlist;

    @Option(names = "--limit", paramLabel = "K", defaultValue = "10", description = "Songs per playlist, 1 to 200 (default: ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--json", description = "One JSON object: vibe, modelVersion, playlists (playlist, outliers: id, name, artists, probability, summary).")
    boolean json;

    @Override
    public Integer call() {
        VibeClient client = new VibeClient(StackConfig.fromEnvironment());
        StringBuilder path = new StringBuilder("/api/v1/vibes/").append(URLEncoder.encode(vibe, StandardCharsets.UTF_8)).append("/outliers?limit=").append(limit);
        if (playlist != null) {
            path.append("&playlist=").append(URLEncoder.encode(playlist, StandardCharsets.UTF_8));
        }
        JsonNode answer = client.scoringGet(path.toString());
        if (json) {
            System.out.println(EventJson.MAPPER.valueToTree(toJson(answer)).toString());
        } else {
            print(answer, System.out);
        }
        return 0;
    }

    /** {"vibe","modelVersion","playlists":[{"playlist","outliers":[{"id","name","artists","probability","summary"}]}]}. */
    static ObjectNode toJson(JsonNode answer) {
        ObjectNode out = EventJson.MAPPER.createObjectNode();
        out.put("vibe", answer.path("vibe").asText());
        out.put("modelVersion", answer.path("modelVersion").asInt());
        ArrayNode playlists = out.putArray("playlists");
        for (JsonNode p : answer.path("playlists")) {
            ObjectNode o = playlists.addObject();
            o.put("playlist", p.path("playlist").asText());
            ArrayNode songs = o.putArray("outliers");
            for (JsonNode s : p.path("outliers")) {
                ObjectNode song = songs.addObject();
                song.put("id", s.path("id").asText());
                song.put("name", s.path("name").asText());
                song.set("artists", s.path("artists"));
                song.put("probability", s.path("probability").asDouble());
                song.put("summary", s.path("summary").asText());
            }
        }
        return out;
    }

    static void print(JsonNode answer, PrintStream out) {
        out.println("The songs of each playlist of vibe " + answer.path("vibe").asText() + " that fit it least (model v" + answer.path("modelVersion").asInt()
                + "; the chance each belongs on its playlist, by a model that did not learn from it):");
        for (JsonNode p : answer.path("playlists")) {
            out.println();
            int songs = p.path("songs").asInt();
            int judged = p.path("judged").asInt(songs);
            out.println(p.path("playlist").asText() + " (" + songs + " songs" + (judged < songs ? "; " + judged + " of them judged by a model that did not learn them" : "")
                    + "):");
            for (JsonNode s : p.path("outliers")) {
                String artists = s.path("artists").isEmpty() ? "" : " - " + String.join(", ", JsonLists.strings(s.path("artists")));
                out.printf(Locale.ROOT, "  %.3f  %s%s%n         %s%n", s.path("probability").asDouble(), s.path("name").asText(), artists, s.path("summary").asText());
            }
        }
    }
}
