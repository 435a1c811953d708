package dev.vibe.cli.command.spotify;

import dev.vibe.cli.spotify.SpotifySettings;
import dev.vibe.cli.spotify.SpotifyTokens;
import picocli.CommandLine.Command;

import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "logout", mixinStandardHelpOptions = true, description = "Forget the Spotify sign-in (deletes the stored tokens).")
public class LogoutCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        SpotifySettings settings = SpotifySettings.from(Map.of());
        System.out.println(SpotifyTokens.delete(settings.tokenFile()) ? "Signed out of Spotify (" + settings.tokenFile() + " deleted)."
                : "Not signed in to Spotify; nothing to forget.");
        return 0;
    }
}
