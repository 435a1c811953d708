package dev.vibe.common.api;

import java.time.Instant;
import java.util.List;

/** A stored playlist with its songs, in playlist order ({@code GET /api/v1/playlists/{id}}). */
public record PlaylistDetail(String id, String name, PlaylistSource source, int revision, Instant importedAt, List<PlaylistSong> songs) {
}
