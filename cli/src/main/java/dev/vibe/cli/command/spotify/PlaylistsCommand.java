package dev.vibe.cli.command.spotify;

import dev.vibe.cli.config.DotEnv;
import dev.vibe.cli.spotify.SpotifyLibrary;
import dev.vibe.cli.spotify.SpotifySettings;
import dev.vibe.cli.spotify.SpotifyTokens;
import dev.vibe.common.json.EventJson;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "playlists", mixinStandardHelpOptions = true,
        description = {"Your Spotify playlists (after ./vibe login): id, number of songs, name. Vibe can import those you own or",
                "collaborate on (./vibe import spotify:playlist:ID); for the others Spotify refuses apps since February 2026."})
public class PlaylistsCommand implements Callable<Integer> {

    @Option(names = "--env", defaultValue = ".env", description = "File with CLIENT_ID (default: ${DEFAULT-VALUE}).")
    Path envFile;

    @Option(names = "--json", description = "Print them as JSON.")
    boolean json;

    @Override
    public Integer call() {
        List<SpotifyLibrary.OwnPlaylist> playlists = new SpotifyLibrary(SpotifySettings.from(DotEnv.read(envFile))).playlists();
        String me = SpotifyTokens.read(SpotifySettings.from(DotEnv.read(envFile)).tokenFile()).map(SpotifyTokens::user).orElse("");
        if (json) {
            System.out.println(new String(EventJson.write(playlists), StandardCharsets.UTF_8));
            return 0;
        }
        System.out.printf("%-22s  %5s  %s%n", "ID", "SONGS", "NAME");
        for (SpotifyLibrary.OwnPlaylist p : playlists) {
            System.out.printf("%-22s  %5d  %s%s%n", p.id(), p.songs(), p.name(), p.owner().equals(me) ? "" : "  (by " + p.owner() + ": export it with Exportify)");
        }
        System.err.println(playlists.size() + " playlists");
        return 0;
    }
}
