package dev.vibe.stack.test;

import dev.vibe.stack.LocalServers;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.file.Path;
import java.util.Map;

/**
 * Quarkus test resource that runs the service under test against a REAL PostgreSQL and a REAL Kafka broker, started
 * once per test JVM in {@code target/vibe-test-stack} ({@link LocalServers#shared}) and stopped when the JVM exits.
 * The local stack's classes load parent first (see the services' {@code quarkus.class-loading.parent-first-artifacts}),
 * so the servers outlive the application restarts that test profiles cause. Tests that stop and restart a server
 * (fault tests) reach it through {@link #servers()}.
 */
public class VibeStackTestResource implements QuarkusTestResourceLifecycleManager {

    /** The running servers of this test JVM (started on first use). */
    public static LocalServers servers() {
        return LocalServers.shared(Path.of("target", "vibe-test-stack").toAbsolutePath());
    }

    @Override
    public Map<String, String> start() {
        return servers().serviceConfig();
    }

    @Override
    public void stop() {
        // The servers outlive one Quarkus application so that test classes share them; the JVM hook stops them.
    }
}
