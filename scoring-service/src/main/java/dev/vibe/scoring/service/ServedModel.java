package dev.vibe.scoring.service;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** A verified model of a vibe, as the scoring service serves it. */
public record ServedModel(
        String vibeId,
        int version,
        String checksumSha256,
        List<String> playlistIds,
        List<String> playlistNames,
        Map<String, Object> metrics,
        Instant createdAt,
        byte[] onnx) {
}
