package dev.vibe.common.csv;

import java.nio.file.Files;
import java.nio.file.Path;

/** The project's bundled data folder (data/ at the repository root). */
public final class TestData {

    private TestData() {
    }

    public static Path path(String relative) {
        Path root = Path.of(System.getProperty("vibe.home", "..")).toAbsolutePath().normalize();
        Path p = root.resolve("data").resolve(relative);
        if (!Files.exists(p)) {
            throw new IllegalStateException("test data missing: " + p);
        }
        return p;
    }
}
