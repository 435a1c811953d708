package dev.vibe.cli.command.stack;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibe.cli.client.VibeClient;
import dev.vibe.cli.flow.PlaylistImport;
import dev.vibe.cli.flow.PlaylistScoring;
import dev.vibe.cli.flow.VibeTraining;
import dev.vibe.cli.output.ScoreMatrix;
import dev.vibe.stack.StackConfig;
import dev.vibe.stack.StackControl;
import dev.vibe.stack.VibeHome;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"The whole job on bundled real playlists (Exportify exports, see the README's data credits): starts the local",
                "stack (real Kafka + PostgreSQL + the three services), imports 4 playlists and a test playlist, learns their",
                "vibe through Kafka, scores the test playlist over REST and prints the matrix. Stops what it started unless --keep."})
public class DemoCommand implements Callable<Integer> {

    static final List<String> PLAYLISTS = List.of("Bluey", "Praise_Bangers", "No_Words_Allowed", "Country");
    static final String TEST = "Acoustic";
    /** JVM options of the services of a demo's own stack (gone when the demo ends). */
    static final String DEMO_JVM_OPTIONS = "-XX:TieredStopAtLevel=1 -XX:+UseSerialGC";

    @Option(names = "--keep", description = "Leave the local stack running afterwards.")
    boolean keep;

    @Override
    public Integer call() {
        demoDefaults(keep, System.getenv("VIBE_STACK_JVM_OPTIONS") != null);
        StackConfig config = StackConfig.fromEnvironment();
        StackControl stack = new StackControl(config, System.err);
        PhaseTimes phases = new PhaseTimes();
        boolean startedHere = !stack.running();
        if (startedHere) {
            System.err.println("Starting the local stack (real PostgreSQL, real Kafka, ingest, trainer, scoring) ...");
            stack.up(Duration.ofMinutes(4));
            phases.done("stack start");
        }
        try {
            Path data = VibeHome.root().resolve("data/exportify");
            VibeClient client = new VibeClient(config);
            PlaylistImport imports = new PlaylistImport(client, System.err);
            List<String> ids = new ArrayList<>();
            for (String p : PLAYLISTS) {
                ids.add(imports.importCsv(data.resolve(p + ".csv"), null));
            }
            String test = imports.importCsv(data.resolve(TEST + ".csv"), "Demo test: " + TEST);
            phases.done("imports");
            VibeTraining training = new VibeTraining(client, System.err);
            String vibe = training.learn(ids, "Demo vibe");
            System.err.println("learning vibe " + vibe + " from " + String.join(", ", ids) + " ...");
            training.awaitReady(vibe, Duration.ofMinutes(3));
            phases.done("training");
            JsonNode scores = new PlaylistScoring(client).score(vibe, test);
            phases.done("scoring");
            System.out.println("How well each song of '" + TEST + "' fits each playlist (the chance it belongs there, 0-1):");
            ScoreMatrix.print(scores, System.out);
            return 0;
        } finally {
            if (startedHere && !keep) {
                System.err.println("Stopping the local stack (./vibe demo --keep leaves it running) ...");
                stack.down();
                phases.done("stop");
            }
            System.err.println(phases);
        }
    }

    /** What a demo sets unless the caller did: no outside service, no trainer warm-up, quick-starting JVMs if not kept. */
    static void demoDefaults(boolean keep, boolean jvmOptionsInEnvironment) {
        System.setProperty("vibe.offline", "true"); // the demo asks no service outside this machine
        if (System.getProperty("vibe.trainer.warm-up") == null) {
            // the demo trains once: the trainer's warm-up (for the first of many requests) would only compete with it for
            // the cores (training 11 s instead of 6, the demo 31 s instead of 23); the model is the same either way
            System.setProperty("vibe.trainer.warm-up", "false");
        }
        if (!keep && System.getProperty("vibe.stack.jvm-options") == null && !jvmOptionsInEnvironment) {
            // services that live half a minute start faster with the JIT's quick compiler only and the serial collector
            // (stack start 14-17 s instead of 19-21 on 2 cores); a kept stack serves on afterwards and keeps the defaults
            System.setProperty("vibe.stack.jvm-options", DEMO_JVM_OPTIONS);
        }
    }
}
