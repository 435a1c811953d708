package dev.vibe.ingest;

import dev.vibe.fakes.FakeReccoBeats;
import dev.vibe.fakes.FakeSpotify;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

/**
 * Every ingest test runs against local fakes of the services outside: Spotify (as it answers a development-mode app in
 * 2026) and ReccoBeats; nothing leaves the machine. One resource for all test classes, so the application starts once.
 * No client credentials are configured: tests that need them send them with the request.
 */
public class OutsideServices implements QuarkusTestResourceLifecycleManager {

    static FakeSpotify spotify;
    static FakeReccoBeats reccoBeats;

    @Override
    public Map<String, String> start() {
        spotify = FakeSpotify.start();
        reccoBeats = FakeReccoBeats.start();
        return Map.of("vibe.spotify.api-url", spotify.baseUrl(), "vibe.spotify.accounts-url", spotify.baseUrl(),
                "vibe.spotify.max-retry-after-seconds", "5",
                "vibe.features.reccobeats.enabled", "true", "vibe.features.reccobeats.url", reccoBeats.baseUrl(),
                "vibe.features.time-budget", "20s");
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
