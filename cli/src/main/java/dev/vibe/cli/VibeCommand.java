package dev.vibe.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code vibe} command: the user's entry point (run through the {@code ./vibe} script). */
@Command(name = "vibe",
        mixinStandardHelpOptions = true,
        version = "vibe 0.1.0",
        description = "Learns the vibe of your playlists and says how well any song fits each of them.",
        subcommands = {DemoCommand.class, UpCommand.class, DownCommand.class, StatusCommand.class, LoginCommand.class, LogoutCommand.class,
                PlaylistsCommand.class, ImportCommand.class, TrainCommand.class, ScoreCommand.class, DescribeCommand.class, OutliersCommand.class,
                RecommendCommand.class,
                CatalogueCommand.class, RunCommand.class, EvalCommand.class,
                CommandLine.HelpCommand.class})
public class VibeCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

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
