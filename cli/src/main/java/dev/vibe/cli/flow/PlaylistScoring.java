package dev.vibe.cli.flow;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibe.cli.client.VibeClient;

import java.util.Map;

/** Scoring an imported playlist against a vibe: the scoring service's [songs x playlists] answer. */
public final class PlaylistScoring {

    private final VibeClient client;

    public PlaylistScoring(VibeClient client) {
        this.client = client;
    }

    /** How well each song of the playlist fits each playlist of the vibe (see {@code ScoreMatrix}, {@code ScoreJson}). */
    public JsonNode score(String vibeId, String playlistId) {
        return client.scoringPost("/api/v1/vibes/" + vibeId + "/score", Map.of("playlistId", playlistId));
    }
}
