package dev.vibe.cli.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** The original project's .env file: KEY=value lines; the environment wins over the file. */
public final class DotEnv {

    private DotEnv() {
    }

    public static Map<String, String> read(Path file) {
        Map<String, String> values = new LinkedHashMap<>();
        if (file != null && Files.isRegularFile(file)) {
            try {
                for (String line : Files.readAllLines(file)) {
                    String l = line.strip();
                    if (l.isEmpty() || l.startsWith("#") || !l.contains("=")) {
                        continue;
                    }
                    String key = l.substring(0, l.indexOf('=')).strip().replaceFirst("^export\\s+", "");
                    String value = l.substring(l.indexOf('=') + 1).strip().replaceAll("^[\"']|[\"']$", "");
                    values.put(key, value);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(file + ": " + e.getMessage(), e);
            }
        }
        System.getenv().forEach((k, v) -> {
            if (k.equals("CLIENT_ID") || k.equals("CLIENT_SECRET") || k.startsWith("PLAYLIST_")) {
                values.put(k, v);
            }
        });
        return values;
    }
}
