package dev.vibe.stack.test;

import dev.vibe.stack.LocalServers;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.Map;

/**
 * Quarkus test resource that runs the service under test against a REAL PostgreSQL and a REAL Kafka broker,
 * started once per test JVM in {@code target/vibe-test-stack} and stopped when the JVM exits. Tests that stop
 * and restart a server (fault tests) reach it through {@link #servers()}.
 */
public class VibeStackTestResource implements QuarkusTestResourceLifecycleManager {

    private static LocalServers servers;

    /** The running servers of this test JVM (started on first use). */
    public static synchronized LocalServers servers() {
        if (servers == null) {
            Path dir = Path.of("target", "vibe-test-stack").toAbsolutePath();
            deleteRecursively(dir);
            LocalServers started = LocalServers.onFreePorts(dir).start();
            Runtime.getRuntime().addShutdownHook(new Thread(started::close, "vibe-test-stack-stop"));
            servers = started;
        }
        return servers;
    }

    @Override
    public Map<String, String> start() {
        return servers().serviceConfig();
    }

    @Override
    public void stop() {
        // The servers outlive one Quarkus application so that test classes share them; the JVM hook stops them.
    }

    private static void deleteRecursively(Path dir) {
        if (!java.nio.file.Files.exists(dir)) {
            return;
        }
        try (var paths = java.nio.file.Files.walk(dir)) {
            paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot clear " + dir, e);
        }
    }
}
