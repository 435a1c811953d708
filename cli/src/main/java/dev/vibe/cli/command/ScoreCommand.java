package dev.vibe.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibe.cli.client.VibeClient;
import dev.vibe.cli.flow.PlaylistScoring;
import dev.vibe.cli.output.ScoreJson;
import dev.vibe.cli.output.ScoreMatrix;
import dev.vibe.stack.StackConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Print how well each song of a playlist fits each playlist of a vibe: the [songs x playlists] matrix.")
public class ScoreCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "VIBE", description = "The vibe id (from vibe train).")
    String vibe;

    @Parameters(index = "1", paramLabel = "PLAYLIST", description = "The id of an imported playlist to score.")
    String playlist;

    @Option(names = "--json", description = "One JSON object: vibe, modelVersion, playlists, songs (id, name, probabilities, conditional, bestFit, fitsNone), fitsNoneBelow.")
    boolean json;

    @Override
    public Integer call() {
        JsonNode scores = new PlaylistScoring(new VibeClient(StackConfig.fromEnvironment())).score(vibe, playlist);
        if (json) {
            ScoreJson.print(scores, System.out);
        } else {
            ScoreMatrix.print(scores, System.out);
        }
        return 0;
    }
}
