package dev.vibe.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibe.common.json.EventJson;
import dev.vibe.stack.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The user's commands against the real stack: import, train --wait, score (matrix and --json), their bad input,
 * and demo from a stopped stack, which must leave no process behind.
 */
class UserFlowTest {

    static final Path STATE = Path.of("target", "user-flow-test").toAbsolutePath();

    @BeforeAll
    static void isolatedStack() {
        System.setProperty("vibe.state.dir", STATE.toString());
        StackLifecycleTest.PROPS.stream().skip(1).forEach(p -> System.setProperty(p, Integer.toString(Ports.free())));
    }

    @AfterAll
    static void stop() {
        VibeCommand.run("down");
        StackLifecycleTest.PROPS.forEach(System::clearProperty);
    }

    static String data(String name) {
        return Path.of(System.getProperty("vibe.home", "..")).resolve("data/exportify").resolve(name + ".csv").toString();
    }

    static String lastLine(String text) {
        List<String> lines = text.strip().lines().toList();
        return lines.get(lines.size() - 1);
    }

    @Test
    void importTrainScoreAndTheirErrors() throws Exception {
        var down = StackLifecycleTest.capture("import", data("Bluey"));
        assertEquals(1, down.exit());
        assertTrue(down.text().contains("not running") && down.text().contains("./vibe up"), down.text());

        assertEquals(0, StackLifecycleTest.capture("up", "--timeout", "240").exit());
        List<String> ids = new ArrayList<>();
        for (String p : List.of("Bluey", "No_Words_Allowed", "Country")) {
            var r = StackLifecycleTest.capture("import", data(p));
            assertEquals(0, r.exit(), r.text());
            ids.add(lastLine(r.text()));
        }
        assertEquals(List.of("bluey", "no-words-allowed", "country"), ids);
        var test = StackLifecycleTest.capture("import", data("Acoustic"), "--name", "Flow Test");
        assertEquals("flow-test", lastLine(test.text()));

        var train = StackLifecycleTest.capture("train", ids.get(0), ids.get(1), ids.get(2), "--wait");
        assertEquals(0, train.exit(), train.text());
        assertTrue(train.text().contains("READY") && train.text().contains("macro-F1"), train.text());
        String vibe = train.text().lines().filter(l -> l.matches("v[a-z0-9]{11}")).findFirst().orElseThrow();

        var json = StackLifecycleTest.capture("score", vibe, "flow-test", "--json");
        assertEquals(0, json.exit(), json.text());
        JsonNode doc = EventJson.MAPPER.readTree(json.text().lines().filter(l -> l.startsWith("{")).findFirst().orElseThrow());
        assertEquals(vibe, doc.get("vibe").asText());
        assertEquals(List.of("Bluey", "No Words Allowed", "Country"), Flow.EventJsonList.strings(doc.get("playlists")));
        assertEquals(31, doc.get("songs").size());
        assertEquals(3, doc.at("/songs/0/probabilities").size());
        assertFalse(doc.at("/songs/0/name").asText().isBlank());

        var matrix = StackLifecycleTest.capture("score", vibe, "flow-test");
        assertTrue(matrix.text().contains("Bluey | No Words Allowed | Country"), matrix.text());
        assertTrue(matrix.text().contains("[["), matrix.text());

        // bad input: one line, non-zero
        for (String[] bad : List.of(new String[]{"import", "no/such.csv"}, new String[]{"train", "bluey", "nope"},
                new String[]{"score", "no-vibe", "flow-test"}, new String[]{"score", vibe, "no-playlist"},
                new String[]{"train", "bluey"}, new String[]{"run", "--env", "no/such.env"})) {
            var r = StackLifecycleTest.capture(bad);
            assertTrue(r.exit() != 0, String.join(" ", bad) + " -> " + r.text());
            List<String> errors = r.text().strip().lines().filter(l -> l.startsWith("vibe ")).toList();
            assertEquals(1, errors.size(), String.join(" ", bad) + " -> " + r.text());
            assertEquals(errors.get(0), lastLine(r.text()), "the error is the last word");
        }
        // the original .env flow without a network that reaches Spotify: a clear error, fast, and the secret stays put
        Path env = STATE.resolve("test.env");
        Files.writeString(env, "CLIENT_ID=abc\nCLIENT_SECRET=never-show-this-7f3a\nPLAYLIST_ID0=37i9dQZF1DXcBWIGoYBM5M\n"
                + "PLAYLIST_ID1=37i9dQZF1DX0XUsuxWHRQd\nPLAYLIST_TEST=37i9dQZF1DX4dyzvuaRJ0n\n");
        var run = StackLifecycleTest.capture("run", "--env", env.toString());
        assertEquals(1, run.exit(), run.text());
        assertTrue(lastLine(run.text()).startsWith("vibe run: ") && lastLine(run.text()).contains("Spotify"), run.text());
        assertFalse(run.text().contains("never-show-this-7f3a"), run.text());
        try (var logs = Files.list(STATE.resolve("logs"))) {
            for (Path log : logs.toList()) {
                assertFalse(Files.readString(log).contains("never-show-this-7f3a"), log + " holds the Spotify secret");
            }
        }
        assertEquals(0, StackLifecycleTest.capture("down").exit());
    }

    @Test
    void demoRunsTheWholeJobAndLeavesNothingRunning() throws Exception {
        VibeCommand.run("down");
        var demo = StackLifecycleTest.capture("demo");
        assertEquals(0, demo.exit(), demo.text());
        assertTrue(demo.text().contains("Bluey | Praise Bangers | No Words Allowed | Country"), demo.text());
        long rows = demo.text().lines().filter(l -> l.matches(".* \\[?\\[[0-9. ]+\\]\\]?$")).count();
        assertEquals(31, rows, demo.text());
        assertTrue(Files.notExists(STATE.resolve("pids/supervisor.pid")), "the stack was stopped");
        var status = StackLifecycleTest.capture("status");
        assertEquals(3, status.exit(), status.text());
    }
}
