package dev.vibe.cli.command;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibe.cli.client.VibeClient;
import dev.vibe.cli.flow.VibeTraining;
import dev.vibe.stack.StackConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Learn a vibe from 2 or more imported playlists (ids as printed by vibe import) and print the vibe id.")
public class TrainCommand implements Callable<Integer> {

    @Parameters(arity = "2..*", paramLabel = "PLAYLIST", description = "Playlist ids, in the order the scores' columns should have.")
    List<String> playlists;

    @Option(names = "--name", description = "A name for the vibe.")
    String name;

    @Option(names = "--wait", description = "Wait until the model is trained and served, showing progress, then print its metrics.")
    boolean await;

    @Option(names = "--timeout", defaultValue = "300", description = "Seconds to wait with --wait (default: ${DEFAULT-VALUE}).")
    int timeoutSeconds;

    @Override
    public Integer call() {
        VibeTraining training = new VibeTraining(new VibeClient(StackConfig.fromEnvironment()), System.err);
        String vibe = training.learn(playlists, name);
        System.out.println(vibe);
        if (await) {
            JsonNode v = training.awaitReady(vibe, Duration.ofSeconds(timeoutSeconds));
            JsonNode m = v.path("metrics");
            System.err.printf(Locale.ROOT, "model v%d, held-out: top-1 %.3f, macro-F1 %.3f, ROC-AUC %.3f, calibration error %.3f"
                            + " (top-1 / ROC-AUC: random forest %.3f / %.3f, logistic regression %.3f / %.3f, nearest centroid %.3f / %.3f)%n",
                    v.path("modelVersion").asInt(), m.path("top1Accuracy").asDouble(), m.path("macroF1").asDouble(), m.path("macroRocAuc").asDouble(),
                    m.path("expectedCalibrationError").asDouble(),
                    m.path("randomForest.top1Accuracy").asDouble(), m.path("randomForest.macroRocAuc").asDouble(),
                    m.path("logisticRegression.top1Accuracy").asDouble(), m.path("logisticRegression.macroRocAuc").asDouble(),
                    m.path("nearestCentroid.top1Accuracy").asDouble(), m.path("nearestCentroid.macroRocAuc").asDouble());
        }
        return 0;
    }
}
