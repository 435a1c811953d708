package dev.vibe.ingest;

import dev.vibe.fakes.FakeReccoBeats;
import dev.vibe.fakes.FakeSpotify;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Runs the service against a local fake Spotify (as it answers a development-mode app in 2026) and a fake ReccoBeats,
 * with the fake app's client credentials configured.
 */
public class SpotifyResource implements QuarkusTestResourceLifecycleManager {

    static FakeSpotify spotify;
    static FakeReccoBeats reccoBeats;

    @Override
    public Map<String, String> start() {
        spotify = FakeSpotify.start();
        reccoBeats = FakeReccoBeats.start();
        return Map.of("vibe.spotify.api-url", spotify.baseUrl(), "vibe.spotify.accounts-url", spotify.baseUrl(),
                "vibe.spotify.client-id", FakeSpotify.CLIENT_ID, "vibe.spotify.client-secret", FakeSpotify.CLIENT_SECRET,
                "vibe.spotify.max-retry-after-seconds", "5",
                "vibe.features.reccobeats.enabled", "true", "vibe.features.reccobeats.url", reccoBeats.baseUrl());
    }

    @Override
    public void stop() {
        if (spotify != null) {
            spotify.close();
        }
        if (reccoBeats != null) {
            reccoBeats.close();
        }
    }
}
