package dev.vibe.cli.command.stack;

import dev.vibe.stack.StackConfig;
import dev.vibe.stack.StackControl;
import picocli.CommandLine.Command;

import java.util.concurrent.Callable;

@Command(name = "status", mixinStandardHelpOptions = true,
        description = "Show each component of the local stack with its pid, address and health. Exit 0 when all are up, 3 otherwise.")
public class StatusCommand implements Callable<Integer> {

    @Override
    public Integer call() {
        var status = new StackControl(StackConfig.fromEnvironment(), System.out).status();
        System.out.print(StackControl.format(status));
        return status.stream().allMatch(StackControl.ComponentStatus::healthy) ? 0 : 3;
    }
}
