package dev.vibe.stack;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the Vibe checkout is, and the folders the local stack uses inside it. */
public final class VibeHome {

    private VibeHome() {
    }

    /**
     * The repository root: system property {@code vibe.home}, else env {@code VIBE_HOME}, else the nearest folder
     * at or above the working directory that holds the {@code vibe} script and a {@code pom.xml}.
     */
    public static Path root() {
        String configured = System.getProperty("vibe.home", System.getenv("VIBE_HOME"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath().normalize();
        }
        for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("vibe")) && Files.isRegularFile(p.resolve("pom.xml"))) {
                return p;
            }
        }
        throw new IllegalStateException("cannot find the Vibe checkout: run from inside it or set VIBE_HOME");
    }

    /** The jars of the Kafka broker, gathered by the build (module local-stack/kafka-runtime). */
    public static Path kafkaLibs() {
        String configured = System.getProperty("vibe.kafka.libs");
        Path libs = configured != null ? Path.of(configured) : root().resolve("local-stack/kafka-runtime/target/lib");
        if (!Files.isDirectory(libs)) {
            throw new IllegalStateException("Kafka broker jars not found in " + libs + ": build first (mvn -DskipTests install)");
        }
        return libs;
    }

    /** State, logs and pid files of {@code ./vibe up} and {@code ./vibe demo} (git-ignored). */
    public static Path stateDir() {
        return root().resolve(".vibe");
    }
}
