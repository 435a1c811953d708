package dev.vibe.common.api;

import java.time.Instant;

/** A stored playlist in ingest's list ({@code GET /api/v1/playlists}): {@code songs} is how many it has. */
public record PlaylistSummary(String id, String name, PlaylistSource source, int songs, int revision, Instant importedAt) {
}
