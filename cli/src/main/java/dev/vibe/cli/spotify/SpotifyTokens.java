package dev.vibe.cli.spotify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibe.common.json.EventJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The listener's Spotify tokens, kept in one file only its owner can read or write (mode 600, in a folder of mode
 * 700), replaced atomically. Never printed: {@link #toString()} hides the tokens.
 *
 * @param user the Spotify user id they were issued for
 */
public record SpotifyTokens(String clientId, String user, String displayName, String accessToken, String refreshToken, Instant expiresAt, String scope) {

    public boolean expiresWithin(Duration margin) {
        return Instant.now().plus(margin).isAfter(expiresAt);
    }

    public static Optional<SpotifyTokens> read(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            JsonNode n = EventJson.MAPPER.readTree(Files.readAllBytes(file));
            return Optional.of(new SpotifyTokens(n.path("clientId").asText(), n.path("user").asText(), n.path("displayName").asText(),
                    n.path("accessToken").asText(), n.path("refreshToken").asText(), Instant.parse(n.path("expiresAt").asText()), n.path("scope").asText()));
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException(file + " cannot be read (" + e.getClass().getSimpleName() + "): run ./vibe logout, then ./vibe login");
        }
    }

    public void write(Path file) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("clientId", clientId);
        m.put("user", user);
        m.put("displayName", displayName);
        m.put("accessToken", accessToken);
        m.put("refreshToken", refreshToken);
        m.put("expiresAt", expiresAt.toString());
        m.put("scope", scope);
        try {
            Path dir = file.toAbsolutePath().getParent();
            boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
            if (!Files.isDirectory(dir)) {
                if (posix) {
                    Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
                } else {
                    Files.createDirectories(dir);
                }
            }
            Path tmp = posix ? Files.createTempFile(dir, ".spotify-token", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                    : Files.createTempFile(dir, ".spotify-token", ".tmp");
            Files.write(tmp, EventJson.write(m));
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot store the Spotify sign-in in " + file + ": " + e.getMessage(), e);
        }
    }

    public static boolean delete(Path file) {
        try {
            return Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + file + ": " + e.getMessage(), e);
        }
    }

    @Override
    public String toString() {
        return "SpotifyTokens[clientId=" + clientId + ", user=" + user + ", accessToken=***, refreshToken=***, expiresAt=" + expiresAt + "]";
    }
}
