package dev.vibe.stack;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starting and stopping OS processes. */
public final class ProcessControl {

    private ProcessControl() {
    }

    /** The java launcher of the running JVM, so children run on the same Java. */
    public static String javaExecutable() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    /**
     * SIGTERM all the processes at once (they shut down side by side, not one after the other), then as
     * {@link #terminate} for each: wait up to {@code grace}, SIGKILL what is left.
     */
    public static void terminateAll(List<ProcessHandle> processes, Duration grace) {
        processes.forEach(ProcessHandle::destroy);
        processes.forEach(p -> terminate(p, grace));
    }

    /** SIGTERM the process and its descendants, wait up to {@code grace}, then SIGKILL what is left. */
    public static void terminate(ProcessHandle process, Duration grace) {
        var descendants = process.descendants().toList();
        process.destroy();
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception timedOut) {
            process.destroyForcibly();
            try {
                process.onExit().get(10, TimeUnit.SECONDS);
            } catch (Exception ignored) {
                // the OS reaps it; nothing more we can do
            }
        }
        descendants.stream().filter(ProcessHandle::isAlive).forEach(ProcessHandle::destroyForcibly);
    }

    public static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
