package dev.vibe.cli.command.stack;

import dev.vibe.stack.StackConfig;
import dev.vibe.stack.StackControl;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.util.concurrent.Callable;

@Command(name = "up", mixinStandardHelpOptions = true,
        description = {"Start the local stack in the background: a real PostgreSQL, a real Kafka broker and the",
                "ingest (8081), trainer (8082) and scoring (8083) services. State and logs stay in .vibe/.",
                "Ports: VIBE_INGEST_PORT, VIBE_TRAINER_PORT, VIBE_SCORING_PORT, VIBE_POSTGRES_PORT, VIBE_KAFKA_PORT."})
public class UpCommand implements Callable<Integer> {

    @Option(names = "--timeout", description = "Seconds to wait for every service to be ready (default: ${DEFAULT-VALUE}).", defaultValue = "180")
    int timeoutSeconds;

    @Override
    public Integer call() {
        StackConfig config = StackConfig.fromEnvironment();
        var status = new StackControl(config, System.out).up(Duration.ofSeconds(timeoutSeconds));
        System.out.print(StackControl.format(status));
        System.out.println("Logs: " + config.logs() + "   Stop with: ./vibe down");
        return 0;
    }
}
