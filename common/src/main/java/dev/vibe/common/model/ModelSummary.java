package dev.vibe.common.model;

import java.time.Instant;
import java.util.List;

/**
 * The latest model of a vibe as the trainer lists them ({@code GET /api/v1/models}): enough to know what to fetch,
 * without the graph. Written by the trainer, read by the scoring service at start-up and for the page's vibe list.
 */
public record ModelSummary(String vibeId, int version, String requestId, String checksumSha256, List<ModelArtifact.PlaylistRef> playlists,
                           Instant createdAt) {

    public ModelSummary {
        playlists = List.copyOf(playlists);
    }

    public List<String> playlistNames() {
        return playlists.stream().map(ModelArtifact.PlaylistRef::name).toList();
    }
}
