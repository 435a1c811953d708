package dev.vibe.cli.command;

import dev.vibe.cli.client.VibeClient;
import dev.vibe.cli.config.DotEnv;
import dev.vibe.cli.flow.PlaylistImport;
import dev.vibe.cli.spotify.SpotifyAccess;
import dev.vibe.cli.spotify.SpotifySettings;
import dev.vibe.stack.StackConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import a playlist and print its id.",
                "  vibe import FILE.csv [--name N] [--json]  a CSV export: exportify.net (any layout since 2019) or",
                "                                            watsonbox/exportify; bad rows are skipped and listed",
                "  vibe import spotify:playlist:ID [--env F] through Spotify's Web API, as the listener signed in with",
                "                                            ./vibe login (CLIENT_ID from the environment or .env): only",
                "                                            playlists you own or collaborate on; or with the app's client",
                "                                            credentials (CLIENT_SECRET) where the app has extended access"})
public class ImportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "FILE.csv|spotify:playlist:ID", description = "What to import.")
    String source;

    @Option(names = "--name", description = "The playlist's name (default: the file name, or Spotify's name).")
    String name;

    @Option(names = "--env", defaultValue = ".env", description = "File with CLIENT_ID (and CLIENT_SECRET for apps with extended access) (default: ${DEFAULT-VALUE}).")
    Path envFile;

    @Option(names = "--json", description = "Print the whole import report (every skipped song, line, field and reason) instead of the id.")
    boolean json;

    @Override
    public Integer call() {
        PlaylistImport imports = new PlaylistImport(new VibeClient(StackConfig.fromEnvironment()), System.err);
        if (source.startsWith("spotify:") || source.contains("open.spotify.com")) {
            System.out.println(imports.importSpotify(source, name, SpotifyAccess.forImports(SpotifySettings.from(DotEnv.read(envFile)))));
            return 0;
        }
        var report = imports.importCsvReport(Path.of(source), name);
        System.out.println(json ? report.toPrettyString() : report.get("playlistId").asText());
        return 0;
    }
}
