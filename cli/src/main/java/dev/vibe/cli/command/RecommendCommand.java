package dev.vibe.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibe.cli.client.VibeClient;
import dev.vibe.cli.config.DotEnv;
import dev.vibe.cli.output.JsonLists;
import dev.vibe.cli.spotify.SpotifyLibrary;
import dev.vibe.cli.spotify.SpotifySettings;
import dev.vibe.stack.StackConfig;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "recommend", mixinStandardHelpOptions = true,
        description = {"The songs that fit each playlist of a vibe best, from a pool of songs (songs already on the playlist left out).",
                "Pools: all (every song Vibe knows, the default), stored, catalogue:NAME (a catalogue loaded into ingest), playlist:ID.",
                "With --to-spotify NAME (after ./vibe login) the picks become a private playlist in your Spotify account."})
public class RecommendCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "VIBE", description = "The vibe id (from vibe train).")
    String vibe;

    @Option(names = "--playlist", paramLabel = "P", description = "Only this playlist of the vibe (name or id); default: each of them.")
    String playlist;

    @Option(names = "--from", paramLabel = "POOL", defaultValue = "all", description = "Where the songs come from (default: ${DEFAULT-VALUE}).")
    String pool;

    @Option(names = "--top", paramLabel = "K", defaultValue = "20", description = "Songs per playlist, 1 to 500 (default: ${DEFAULT-VALUE}).")
    int top;

    @Option(names = "--min-probability", paramLabel = "P", defaultValue = "0", description = "Leave out songs below this probability (0 to 1).")
    double minProbability;

    @Option(names = "--margin", paramLabel = "M", description = "Only songs that fit the playlist at least M more than any other playlist of the vibe.")
    Double margin;

    @Option(names = "--per-artist", paramLabel = "N", description = "At most N songs by the same (first) artist.")
    Integer perArtist;

    @ArgGroup(exclusive = true)
    Format format = new Format();

    static class Format {
        @Option(names = "--json", description = "The whole answer as JSON (probabilities, margins, explanations).")
        boolean json;

        @Option(names = "--csv", description = "A CSV with Track URI, names and features, that playlist tools and ./vibe import read.")
        boolean csv;
    }

    @Option(names = "--to-spotify", paramLabel = "NAME",
            description = "Create a private Spotify playlist of the picks (one per playlist of the vibe: NAME - playlist).")
    String toSpotify;

    @Option(names = "--env", defaultValue = ".env", description = "File with CLIENT_ID, for --to-spotify (default: ${DEFAULT-VALUE}).")
    Path envFile;

    @Override
    public Integer call() {
        VibeClient client = new VibeClient(StackConfig.fromEnvironment());
        String path = path(false);
        if (format.csv) {
            System.out.print(client.scoringText(path(true), "text/csv"));
            return 0;
        }
        JsonNode r = client.scoringGet(path);
        if (format.json) {
            System.out.println(r.toPrettyString());
        } else {
            print(r, System.out);
        }
        if (toSpotify != null) {
            toSpotify(r, new SpotifyLibrary(SpotifySettings.from(DotEnv.read(envFile))), System.err);
        }
        return 0;
    }

    String path(boolean csv) {
        Map<String, Object> q = new LinkedHashMap<>();
        if (playlist != null) {
            q.put("playlist", playlist);
        }
        q.put("pool", pool);
        q.put("limit", top);
        q.put("minProbability", minProbability);
        if (margin != null) {
            q.put("minMargin", margin);
        }
        if (perArtist != null) {
            q.put("perArtist", perArtist);
        }
        if (csv) {
            q.put("format", "csv");
        }
        StringBuilder sb = new StringBuilder("/api/v1/vibes/").append(URLEncoder.encode(vibe, StandardCharsets.UTF_8)).append("/recommendations?");
        q.forEach((k, v) -> sb.append(k).append('=').append(URLEncoder.encode(String.valueOf(v), StandardCharsets.UTF_8)).append('&'));
        return sb.substring(0, sb.length() - 1);
    }

    /** Per playlist: a heading, then one line per song: rank, probability, name, artists, and why in a few words. */
    static void print(JsonNode r, PrintStream out) {
        out.printf("From %s (%,d songs), model v%d of vibe %s%n", r.path("pool").asText(), r.path("poolSongs").asInt(), r.path("modelVersion").asInt(),
                r.path("vibe").asText());
        for (JsonNode p : r.path("playlists")) {
            out.printf("%n%s: %d of %,d songs that could fit%n", p.path("playlist").asText(), p.path("songs").size(), p.path("candidates").asInt());
            for (JsonNode s : p.path("songs")) {
                String artists = String.join(", ", JsonLists.strings(s.path("artists")));
                out.printf(Locale.ROOT, "%4d. %3.0f%%  %s%s%s%n", s.path("rank").asInt(), 100 * s.path("probability").asDouble(),
                        s.path("name").asText(s.path("trackId").asText()), artists.isEmpty() ? "" : " - " + artists, why(s.path("explanation")));
            }
            if (p.path("more").asBoolean()) {
                out.println("      (more: --top " + (p.path("offset").asInt() + p.path("songs").size() + 20) + ")");
            }
        }
    }

    /** Why, in words ("fits Country: its tempo and key are typical of it"), and the closest songs of the playlist. */
    private static String why(JsonNode explanation) {
        if (explanation.isMissingNode() || explanation.isNull()) {
            return "";
        }
        List<String> like = new ArrayList<>();
        explanation.path("nearest").forEach(n -> like.add(n.path("name").asText(n.path("id").asText())));
        String summary = explanation.path("summary").asText("");
        String close = like.isEmpty() ? "" : "like " + String.join("; ", like.subList(0, Math.min(2, like.size())));
        return summary.isEmpty() && close.isEmpty() ? "" : "\n        " + String.join(" - ", Stream.of(summary, close).filter(t -> !t.isEmpty()).toList());
    }

    void toSpotify(JsonNode r, SpotifyLibrary library, PrintStream err) {
        JsonNode playlists = r.path("playlists");
        for (JsonNode p : playlists) {
            List<String> uris = new ArrayList<>();
            int withoutUri = 0;
            for (JsonNode s : p.path("songs")) {
                if (s.hasNonNull("uri")) {
                    uris.add(s.get("uri").asText());
                } else {
                    withoutUri++;
                }
            }
            String name = playlists.size() == 1 ? toSpotify : toSpotify + " - " + p.path("playlist").asText();
            if (uris.isEmpty()) {
                err.println("vibe recommend: no song for '" + name + "' has a Spotify track id, so no Spotify playlist was made");
                continue;
            }
            String id = library.createPrivatePlaylist(name, "Songs that fit " + p.path("playlist").asText() + ", picked by Vibe from "
                    + r.path("pool").asText(), uris);
            err.printf("created the private Spotify playlist '%s' with %d songs: https://open.spotify.com/playlist/%s%s%n", name, uris.size(), id,
                    withoutUri == 0 ? "" : " (" + withoutUri + " songs without a Spotify track id left out)");
        }
    }
}
