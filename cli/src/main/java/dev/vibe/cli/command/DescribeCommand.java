package dev.vibe.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vibe.cli.client.VibeClient;
import dev.vibe.common.json.EventJson;
import dev.vibe.stack.StackConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;

@Command(name = "describe", mixinStandardHelpOptions = true,
        description = "Say in words what sets each playlist of a vibe apart from the others, with the numbers behind each phrase.")
public class DescribeCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "VIBE", description = "The vibe id (from vibe train).")
    String vibe;

    @Option(names = "--json", description = "One JSON object: vibe, modelVersion, playlists (playlist, songs, summary, phrases with their numbers).")
    boolean json;

    @Override
    public Integer call() {
        VibeClient client = new VibeClient(StackConfig.fromEnvironment());
        JsonNode profile = client.scoringGet("/api/v1/vibes/" + URLEncoder.encode(vibe, StandardCharsets.UTF_8) + "/profile");
        if (json) {
            System.out.println(EventJson.MAPPER.valueToTree(toJson(profile)).toString());
        } else {
            print(profile, System.out);
        }
        return 0;
    }

    static ObjectNode toJson(JsonNode profile) {
        ObjectNode out = EventJson.MAPPER.createObjectNode();
        out.put("vibe", profile.path("vibeId").asText());
        out.put("modelVersion", profile.path("modelVersion").asInt());
        ArrayNode playlists = out.putArray("playlists");
        for (JsonNode p : profile.path("playlists")) {
            ObjectNode o = playlists.addObject();
            o.put("playlist", p.path("playlist").asText());
            o.put("songs", p.path("songs").asInt());
            o.put("summary", p.path("description").path("summary").asText());
            o.set("phrases", p.path("description").path("phrases"));
        }
        return out;
    }

    /** Each playlist: its summary, then one line per phrase with the numbers behind it. */
    static void print(JsonNode profile, PrintStream out) {
        out.println("What sets each playlist of vibe " + profile.path("vibeId").asText() + " apart (model v" + profile.path("modelVersion").asInt()
                + "; what matters most to the model first):");
        for (JsonNode p : profile.path("playlists")) {
            out.println();
            out.println(p.path("playlist").asText() + " (" + p.path("songs").asInt() + " songs): " + p.path("description").path("summary").asText());
            for (JsonNode phrase : p.path("description").path("phrases")) {
                out.println("  - " + phrase.path("detail").asText());
            }
        }
    }
}
