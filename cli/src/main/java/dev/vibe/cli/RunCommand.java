package dev.vibe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibe.stack.StackConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"The original project's flow from its .env file: CLIENT_ID, CLIENT_SECRET, PLAYLIST_ID0..3 (and PLAYLIST_ID4..",
                "if present), PLAYLIST_TEST. Imports the playlists through Spotify, learns their vibe, scores the test playlist",
                "and prints the matrix. Needs the local stack (./vibe up) and a network that reaches Spotify."})
class RunCommand implements Callable<Integer> {

    @Option(names = "--env", defaultValue = ".env", description = "The .env file (default: ${DEFAULT-VALUE}).")
    Path envFile;

    @Option(names = "--json", description = "Print the scores as JSON.")
    boolean json;

    @Override
    public Integer call() {
        Map<String, String> env = DotEnv.read(envFile);
        List<String> missing = new ArrayList<>();
        for (String key : List.of("CLIENT_ID", "CLIENT_SECRET", "PLAYLIST_ID0", "PLAYLIST_ID1", "PLAYLIST_TEST")) {
            if (env.get(key) == null || env.get(key).isBlank()) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(envFile + " lacks " + String.join(", ", missing) + " (see vibe run --help)");
        }
        Flow flow = new Flow(new VibeClient(StackConfig.fromEnvironment()), System.err);
        Map<String, String> credentials = DotEnv.credentials(env);
        List<String> playlists = new ArrayList<>();
        for (int i = 0; env.containsKey("PLAYLIST_ID" + i); i++) {
            playlists.add(flow.importSpotify(spotify(env.get("PLAYLIST_ID" + i)), null, credentials));
        }
        String test = flow.importSpotify(spotify(env.get("PLAYLIST_TEST")), null, credentials);
        String vibe = flow.learn(playlists, null);
        flow.awaitReady(vibe, Duration.ofMinutes(5));
        JsonNode scores = flow.score(vibe, test);
        Flow.print(scores, json, System.out);
        return 0;
    }

    private static String spotify(String id) {
        return id.startsWith("spotify:") || id.startsWith("http") ? id : "spotify:playlist:" + id;
    }
}
