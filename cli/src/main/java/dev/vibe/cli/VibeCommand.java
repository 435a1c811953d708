package dev.vibe.cli;

import dev.vibe.cli.command.CatalogueCommand;
import dev.vibe.cli.command.DescribeCommand;
import dev.vibe.cli.command.EvalCommand;
import dev.vibe.cli.command.ImportCommand;
import dev.vibe.cli.command.OutliersCommand;
import dev.vibe.cli.command.RecommendCommand;
import dev.vibe.cli.command.RunCommand;
import dev.vibe.cli.command.ScoreCommand;
import dev.vibe.cli.command.TrainCommand;
import dev.vibe.cli.command.spotify.LoginCommand;
import dev.vibe.cli.command.spotify.LogoutCommand;
import dev.vibe.cli.command.spotify.PlaylistsCommand;
import dev.vibe.cli.command.stack.DemoCommand;
import dev.vibe.cli.command.stack.DownCommand;
import dev.vibe.cli.command.stack.StatusCommand;
import dev.vibe.cli.command.stack.UpCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine.HelpCommand;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;
import picocli.CommandLine;

/** The {@code vibe} command: the user's entry point (run through the {@code ./vibe} script). */
@Command(name = "vibe",
        mixinStandardHelpOptions = true,
        version = "vibe 0.1.0",
        description = "Learns the vibe of your playlists and says how well any song fits each of them.",
        subcommands = {DemoCommand.class, UpCommand.class, DownCommand.class, StatusCommand.class, LoginCommand.class, LogoutCommand.class,
                PlaylistsCommand.class, ImportCommand.class, TrainCommand.class, ScoreCommand.class, DescribeCommand.class, OutliersCommand.class,
                RecommendCommand.class,
                CatalogueCommand.class, RunCommand.class, EvalCommand.class,
                HelpCommand.class})
public class VibeCommand implements Runnable {

    @Spec
    CommandSpec spec;

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs the command line; errors become one line on stderr and a non-zero exit code. */
    public static int run(String... args) {
        CommandLine cli = new CommandLine(new VibeCommand());
        cli.setExecutionExceptionHandler((e, cmd, parsed) -> {
            cmd.getErr().println("vibe " + cmd.getCommandName() + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()).lines().findFirst().orElse(""));
            return 1;
        });
        cli.setParameterExceptionHandler((e, a) -> {
            CommandLine cmd = e.getCommandLine();
            String name = cmd.getCommandName().equals("vibe") ? "vibe" : "vibe " + cmd.getCommandName();
            cmd.getErr().println(name + ": " + e.getMessage().lines().findFirst().orElse("") + " (see ./" + name + " --help)");
            return 2;
        });
        return cli.execute(args);
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
