package dev.vibe.cli;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code vibe up} when the stack cannot start: a port already taken is one line that says what to do, before anything
 * starts; a stack that fails during start-up is stopped entirely, and the log the message names exists. (A stack that
 * starts, runs beside another one and stops is in {@link UserFlowTest}.)
 */
@Tag("stack")
class StackLifecycleTest {

    @AfterEach
    void cleanUp() {
        VibeCommand.run("down");
        Cli.forgetStack();
        System.clearProperty("vibe.features.time-budget");
    }

    @Test
    void aTakenPortIsReportedAtOnceAndNothingStarts() throws Exception {
        Path state = Path.of("target", "taken-port-test").toAbsolutePath();
        Map<String, String> stack = Cli.newStack(state);
        Cli.use(stack);
        try (ServerSocket held = new ServerSocket(Integer.parseInt(stack.get("vibe.port.postgres")), 1, InetAddress.getLoopbackAddress())) {
            long t0 = System.nanoTime();
            Cli.Captured up = Cli.capture("up", "--timeout", "60");
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(1, up.exit(), up.text());
            String line = up.text().strip();
            assertEquals(1, line.lines().count(), line);
            assertTrue(line.startsWith("vibe up: port " + held.getLocalPort() + " (PostgreSQL) is already in use by pid " + ProcessHandle.current().pid()), line);
            assertTrue(line.contains("VIBE_POSTGRES_PORT="), line);
            System.out.printf("[stack] a taken port was reported %d ms after vibe up began%n", ms);
        }
        assertFalse(Files.exists(state.resolve("pids/supervisor.pid")), "nothing was started");
        assertTrue(Cli.processes(state).isEmpty());
    }

    @Test
    void aStackThatFailsDuringStartUpIsStoppedEntirelyAndNamesALogThatExists() throws Exception {
        Path state = Path.of("target", "failed-start-test").toAbsolutePath();
        Map<String, String> stack = Cli.newStack(state);
        Cli.use(stack);
        // a setting the ingest service refuses at start (it is passed to the stack's services)
        System.setProperty("vibe.features.time-budget", "soon");
        Cli.Captured up = Cli.capture("up", "--timeout", "240");
        assertEquals(1, up.exit(), up.text());
        String last = up.text().strip().lines().reduce((a, b) -> b).orElseThrow();
        assertTrue(last.startsWith("vibe up: ingest exited during start-up, so the stack was stopped"), last);
        Path log = state.resolve("logs/ingest.log");
        assertTrue(last.contains(log.toString()) && Files.exists(log), last);
        assertTrue(last.contains("time-budget") || Files.readString(log).contains("time-budget"), last);
        String stackLog = Files.readString(state.resolve("logs/stack.log"));
        assertTrue(stackLog.contains("PostgreSQL started") && stackLog.contains("Kafka 4.3.1 KRaft broker started"), "they had started:\n" + stackLog);
        // nothing of this stack is left: no process names its folder or one of its ports
        List<String> marks = new java.util.ArrayList<>(List.of(state.toString()));
        stack.forEach((k, v) -> {
            if (k.startsWith("vibe.port.")) {
                marks.add("=" + v + " ");
                marks.add(":" + v + ",");
            }
        });
        List<String> left = ProcessHandle.allProcesses().filter(ProcessHandle::isAlive)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("") + " ")
                .filter(cmd -> marks.stream().anyMatch(cmd::contains)).toList();
        assertEquals(List.of(), left, "left running");
        assertFalse(Files.exists(state.resolve("pids/supervisor.pid")));
    }
}
