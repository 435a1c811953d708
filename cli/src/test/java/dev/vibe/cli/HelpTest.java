package dev.vibe.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every subcommand of DESIGN.md's public surface exists and explains itself; a wrong command line is one line. */
class HelpTest {

    static final List<String> SUBCOMMANDS = List.of("demo", "up", "down", "status", "login", "logout", "playlists", "import", "train", "score", "describe", "outliers",
            "run", "eval", "recommend", "catalogue");

    @Test
    void everySubcommandHasHelp() {
        assertEquals(SUBCOMMANDS.stream().sorted().toList(), new CommandLine(new VibeCommand()).getSubcommands().keySet().stream()
                .filter(n -> !n.equals("help")).sorted().toList());
        for (String sub : SUBCOMMANDS) {
            var r = Cli.capture(sub, "--help");
            assertEquals(0, r.exit(), sub);
            assertTrue(r.text().startsWith("Usage: vibe " + sub), r.text());
            assertTrue(r.text().contains("--help"), r.text());
        }
    }

    @Test
    void aWrongCommandLineIsOneLineAndExitTwo() {
        for (String[] bad : List.of(new String[]{"score", "only-one"}, new String[]{"import"}, new String[]{"up", "--timeout", "soon"},
                new String[]{"nosuch"}, new String[]{"train", "--bogus", "a", "b"})) {
            var r = Cli.capture(bad);
            assertEquals(2, r.exit(), String.join(" ", bad) + " -> " + r.text());
            assertEquals(1, r.text().strip().lines().count(), r.text());
            assertTrue(r.text().contains("--help)"), r.text());
        }
    }
}
