package dev.vibe.common.events;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * "Learn this vibe": the playlists (at least two) whose vibes a model must tell apart. Key: {@link #vibeId()}.
 *
 * <p>The request carries a snapshot of each playlist's membership, so the trainer trains on exactly the songs
 * the user asked about even if a playlist is re-imported meanwhile; features come from the trainer's replica
 * of {@link Topics#FEATURES}. {@code requestId} is unique per request: a redelivered request is trained once.
 */
public record TrainingRequest(
        String requestId,
        String vibeId,
        List<PlaylistSnapshot> playlists,
        Instant requestedAt) {

    public TrainingRequest {
        Objects.requireNonNull(requestId, "requestId");
        Objects.requireNonNull(vibeId, "vibeId");
        playlists = List.copyOf(playlists);
        if (playlists.size() < 2) {
            throw new IllegalArgumentException("a vibe needs at least 2 playlists, got " + playlists.size());
        }
    }

    /** One playlist of the vibe: its id, display name and the track ids on it at request time. */
    public record PlaylistSnapshot(String playlistId, String name, List<String> trackIds) {
        public PlaylistSnapshot {
            Objects.requireNonNull(playlistId, "playlistId");
            trackIds = List.copyOf(trackIds);
        }
    }
}
