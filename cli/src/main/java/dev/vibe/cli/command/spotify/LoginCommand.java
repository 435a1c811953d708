package dev.vibe.cli.command.spotify;

import dev.vibe.cli.config.DotEnv;
import dev.vibe.cli.spotify.SpotifySettings;
import dev.vibe.cli.spotify.SpotifySignIn;
import dev.vibe.cli.spotify.SpotifyTokens;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "login", mixinStandardHelpOptions = true,
        description = {"Sign in to Spotify (Authorization Code with PKCE: only your app's CLIENT_ID is needed, no secret).",
                "Prints the sign-in link (and opens it in a browser where there is one); Spotify sends you back to",
                "http://127.0.0.1:PORT/callback (PORT from VIBE_LOGIN_PORT, default 8888: register exactly this",
                "redirect URI in your app's settings). The tokens are kept in ~/.config/vibe/spotify-token.json (only you can",
                "read it) and renewed when they expire. Scopes: playlist-read-private, playlist-read-collaborative,",
                "playlist-modify-private."})
public class LoginCommand implements Callable<Integer> {

    @Option(names = "--env", defaultValue = ".env", description = "File with CLIENT_ID (default: ${DEFAULT-VALUE}); the environment wins.")
    Path envFile;

    @Option(names = "--timeout", defaultValue = "300", description = "Seconds to wait for the sign-in (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Option(names = "--no-browser", description = "Only print the link.")
    boolean noBrowser;

    @Override
    public Integer call() {
        SpotifySettings settings = SpotifySettings.from(DotEnv.read(envFile));
        SpotifyTokens tokens = new SpotifySignIn(settings).login(System.out, Duration.ofSeconds(timeoutSeconds), !noBrowser);
        System.out.println("Signed in to Spotify as " + (tokens.displayName().isBlank() ? tokens.user() : tokens.displayName() + " (" + tokens.user() + ")")
                + "; ./vibe playlists lists your playlists.");
        return 0;
    }
}
