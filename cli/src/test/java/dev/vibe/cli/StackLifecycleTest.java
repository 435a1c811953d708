package dev.vibe.cli;

import dev.vibe.stack.Ports;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code vibe up}, {@code status} and {@code down} as a user runs them: the real stack (PostgreSQL, Kafka and the
 * three built services) starts in the background, reports healthy, and stops leaving no process behind.
 */
class StackLifecycleTest {

    static final Path STATE = Path.of("target", "stack-lifecycle-test").toAbsolutePath();
    static final List<String> PROPS = List.of("vibe.state.dir", "vibe.port.postgres", "vibe.port.kafka",
            "vibe.port.kafka.controller", "vibe.port.ingest", "vibe.port.trainer", "vibe.port.scoring");

    @BeforeAll
    static void isolatedPortsAndState() {
        System.setProperty("vibe.state.dir", STATE.toString());
        PROPS.stream().skip(1).forEach(p -> System.setProperty(p, Integer.toString(Ports.free())));
    }

    @AfterAll
    static void stopWhateverIsLeft() {
        VibeCommand.run("down");
        PROPS.forEach(System::clearProperty);
    }

    @Test
    void upReportsEveryComponentHealthyAndDownStopsEveryProcess() throws IOException {
        Captured up = capture("up", "--timeout", "240");
        assertEquals(0, up.exit, up.text);
        for (String component : List.of("postgres", "kafka", "ingest", "trainer", "scoring")) {
            assertTrue(up.text.lines().anyMatch(l -> l.startsWith(component) && l.endsWith("UP")), component + " not UP in:\n" + up.text);
        }

        Captured status = capture("status");
        assertEquals(0, status.exit, status.text);
        List<ProcessHandle> started = new ArrayList<>();
        try (var pids = Files.list(STATE.resolve("pids"))) {
            for (Path f : pids.toList()) {
                ProcessHandle.of(Long.parseLong(Files.readString(f).trim())).ifPresent(started::add);
            }
        }
        assertEquals(6, started.size(), "supervisor, postgres, kafka and three services");
        List<ProcessHandle> all = new ArrayList<>(started);
        started.forEach(p -> p.descendants().forEach(all::add));

        Captured again = capture("up");
        assertEquals(0, again.exit, again.text);
        assertTrue(again.text.contains("already running"), again.text);

        Captured down = capture("down");
        assertEquals(0, down.exit, down.text);
        for (ProcessHandle p : all) {
            assertFalse(p.isAlive(), "still running after down: pid " + p.pid() + " " + p.info().command().orElse(""));
        }
        Captured after = capture("status");
        assertEquals(3, after.exit, "status exits 3 when the stack is down:\n" + after.text);
        assertTrue(after.text.contains("STOPPED"), after.text);
    }

    record Captured(int exit, String text) {
    }

    static Captured capture(String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream both = new PrintStream(buffer, true);
        System.setOut(both);
        System.setErr(both);
        try {
            int exit = VibeCommand.run(args);
            return new Captured(exit, buffer.toString());
        } finally {
            System.setOut(out);
            System.setErr(err);
            out.print(buffer);
        }
    }
}
