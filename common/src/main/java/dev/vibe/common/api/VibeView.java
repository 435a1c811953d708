package dev.vibe.common.api;

import dev.vibe.common.events.TrainingStatus;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A vibe and the state of its model ({@code GET /api/v1/vibes/{id}}); {@code metrics} is empty until it is READY. */
public record VibeView(String id, String name, List<String> playlistIds, TrainingStatus.State status, String message,
                       Integer modelVersion, Map<String, Double> metrics, String requestId, Instant createdAt, Instant updatedAt) {
}
