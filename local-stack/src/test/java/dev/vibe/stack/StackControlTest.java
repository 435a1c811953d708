package dev.vibe.stack;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.PrintStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A component counts as exited only when a process was started for it and is gone: a pid file written just after the
 * status was taken (the supervisor starting the service) is a service starting, not one that died (the CI failure of
 * stop 18: "ingest exited during start-up ... the log is empty").
 */
class StackControlTest {

    @Test
    void onlyAStartedProcessThatIsGoneHasExited(@TempDir Path state) throws Exception {
        StackConfig config = new StackConfig(state, 1, 2, 3, List.of(new StackConfig.Service("ingest", 4)), true);
        StackControl control = new StackControl(config, new PrintStream(OutputStream.nullOutputStream()));
        Files.createDirectories(config.pids());

        assertFalse(control.exited("ingest"), "no pid yet: not started, so not exited");

        Files.writeString(config.pids().resolve("ingest.pid"), Long.toString(ProcessHandle.current().pid()));
        assertFalse(control.exited("ingest"), "a live process has not exited");

        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Files.writeString(config.pids().resolve("ingest.pid"), Long.toString(gone.pid()));
        assertTrue(control.exited("ingest"), "a process that ended has exited");
    }
}
