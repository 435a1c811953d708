package dev.vibe.cli.command.stack;

import dev.vibe.stack.StackConfig;
import dev.vibe.stack.StackControl;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "down", mixinStandardHelpOptions = true,
        description = "Stop the local stack and every process it started. Data stays in .vibe/data.")
public class DownCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        var stopped = new StackControl(StackConfig.fromEnvironment(), System.out).down();
        System.out.println(stopped.isEmpty() ? "The local stack was not running." : "Stopped: " + String.join(", ", stopped));
        return 0;
    }
}
