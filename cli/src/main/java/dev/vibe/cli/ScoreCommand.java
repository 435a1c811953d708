package dev.vibe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibe.stack.StackConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.concurrent.Callable;

@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Print how well each song of a playlist fits each playlist of a vibe: the [songs x playlists] matrix.")
class ScoreCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "VIBE", description = "The vibe id (from vibe train).")
    String vibe;

    @Parameters(index = "1", paramLabel = "PLAYLIST", description = "The id of an imported playlist to score.")
    String playlist;

    @Option(names = "--json", description = "One JSON object: vibe, modelVersion, playlists, songs (id, name, probabilities, conditional, bestFit, fitsNone), fitsNoneBelow.")
    boolean json;

    @Override
    public Integer call() {
        Flow flow = new Flow(new VibeClient(StackConfig.fromEnvironment()), System.err);
        JsonNode scores = flow.score(vibe, playlist);
        Flow.print(scores, json, System.out);
        return 0;
    }
}
