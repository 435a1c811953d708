package dev.vibe.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibe.cli.client.VibeClient;
import dev.vibe.cli.config.DotEnv;
import dev.vibe.cli.flow.PlaylistImport;
import dev.vibe.cli.flow.PlaylistScoring;
import dev.vibe.cli.flow.VibeTraining;
import dev.vibe.cli.output.ScoreJson;
import dev.vibe.cli.output.ScoreMatrix;
import dev.vibe.cli.spotify.SpotifyAccess;
import dev.vibe.cli.spotify.SpotifySettings;
import dev.vibe.cli.spotify.SpotifySignIn;
import dev.vibe.cli.spotify.SpotifyTokens;
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
        description = {"The original project's flow from its .env file: CLIENT_ID, PLAYLIST_ID0..3 (and PLAYLIST_ID4.. if present),",
                "PLAYLIST_TEST. Signs you in to Spotify once if needed (./vibe login), imports the playlists through Spotify's",
                "Web API as you (they must be yours or ones you collaborate on), fills their audio features (stored songs, the",
                "catalogue, ReccoBeats), learns their vibe, scores the test playlist and prints the matrix. CLIENT_SECRET is",
                "only used with --client-credentials, for apps with extended access. Needs the local stack (./vibe up)."})
public class RunCommand implements Callable<Integer> {

    @Option(names = "--env", defaultValue = ".env", description = "The .env file (default: ${DEFAULT-VALUE}).")
    Path envFile;

    @Option(names = "--json", description = "Print the scores as JSON.")
    boolean json;

    @Option(names = "--client-credentials", description = "Read the playlists with the app's CLIENT_ID and CLIENT_SECRET instead of "
            + "your sign-in (apps with extended access only).")
    boolean clientCredentials;

    @Option(names = "--login-timeout", defaultValue = "300", description = "Seconds to wait for the Spotify sign-in (default: ${DEFAULT-VALUE}).")
    int loginTimeout;

    @Override
    public Integer call() {
        Map<String, String> env = DotEnv.read(envFile);
        List<String> missing = new ArrayList<>();
        List<String> required = new ArrayList<>(List.of("CLIENT_ID", "PLAYLIST_ID0", "PLAYLIST_ID1", "PLAYLIST_TEST"));
        if (clientCredentials) {
            required.add("CLIENT_SECRET");
        }
        for (String key : required) {
            if (env.get(key) == null || env.get(key).isBlank()) {
                missing.add(key);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(envFile + " lacks " + String.join(", ", missing) + " (see vibe run --help)");
        }
        SpotifySettings settings = SpotifySettings.from(env);
        SpotifyAccess access;
        if (clientCredentials) {
            access = SpotifyAccess.clientCredentials(settings);
        } else {
            SpotifySignIn signIn = new SpotifySignIn(settings);
            boolean signedIn;
            try {
                signedIn = signIn.freshIfSignedIn().isPresent();
                if (!signedIn) {
                    System.err.println("Not signed in to Spotify yet: signing in (once; ./vibe logout forgets it).");
                }
            } catch (SpotifySignIn.Expired e) {
                System.err.println("Your Spotify sign-in has ended (Spotify did not renew it): signing in again.");
                signedIn = false;
            }
            if (!signedIn) {
                SpotifyTokens tokens = signIn.login(System.err, Duration.ofSeconds(loginTimeout), true);
                System.err.println("Signed in to Spotify as " + (tokens.displayName().isBlank() ? tokens.user() : tokens.displayName()) + ".");
            }
            access = SpotifyAccess.forImports(settings);
        }
        VibeClient client = new VibeClient(StackConfig.fromEnvironment());
        PlaylistImport imports = new PlaylistImport(client, System.err);
        List<String> playlists = new ArrayList<>();
        for (int i = 0; env.containsKey("PLAYLIST_ID" + i); i++) {
            playlists.add(imports.importSpotify(spotify(env.get("PLAYLIST_ID" + i)), null, access));
        }
        String test = imports.importSpotify(spotify(env.get("PLAYLIST_TEST")), null, access);
        VibeTraining training = new VibeTraining(client, System.err);
        String vibe = training.learn(playlists, null);
        training.awaitReady(vibe, Duration.ofMinutes(5));
        JsonNode scores = new PlaylistScoring(client).score(vibe, test);
        if (json) {
            ScoreJson.print(scores, System.out);
        } else {
            ScoreMatrix.print(scores, System.out);
        }
        return 0;
    }

    private static String spotify(String id) {
        return id.startsWith("spotify:") || id.startsWith("http") ? id : "spotify:playlist:" + id;
    }
}
