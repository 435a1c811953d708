package dev.vibe.common.events;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A trained model of a vibe is stored and may be served. Key: {@link #vibeId()}.
 *
 * <p>{@code modelVersion} counts up per vibe; {@code checksumSha256} is the hex SHA-256 of the ONNX bytes, which
 * consumers verify before serving. {@code metrics} holds the headline evaluation figures (e.g. "macroF1").
 */
public record ModelReady(
        String vibeId,
        int modelVersion,
        String requestId,
        String checksumSha256,
        List<String> playlistIds,
        List<String> playlistNames,
        Map<String, Double> metrics,
        Instant createdAt) {

    public ModelReady {
        Objects.requireNonNull(vibeId, "vibeId");
        Objects.requireNonNull(checksumSha256, "checksumSha256");
        playlistIds = List.copyOf(playlistIds);
        playlistNames = List.copyOf(playlistNames);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        if (modelVersion < 1) {
            throw new IllegalArgumentException("modelVersion must be >= 1, got " + modelVersion);
        }
    }
}
