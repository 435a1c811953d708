package dev.vibe.ingest.client;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.vibe.common.problem.VibeException;
import dev.vibe.fakes.FakeSpotify;
import dev.vibe.ingest.config.SpotifyConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import se.michaelthelin.spotify.SpotifyApi;

import java.net.URI;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Spotify's 429s against a local fake: Retry-After is waited out within the configured limits; no Quarkus, no database. */
class SpotifyWebApiTest {

    static FakeSpotify fake;

    @BeforeAll
    static void start() {
        fake = FakeSpotify.start();
    }

    @AfterAll
    static void stop() {
        fake.close();
    }

    @BeforeEach
    void reset() {
        fake.reset();
    }

    static SpotifyWebApi api(int maxRetryAfterSeconds, int maxRetries) {
        URI base = URI.create(fake.baseUrl());
        return new SpotifyWebApi(new SpotifyConfig() {
            @Override
            public Optional<String> clientId() {
                return Optional.of(FakeSpotify.CLIENT_ID);
            }

            @Override
            public Optional<String> clientSecret() {
                return Optional.of(FakeSpotify.CLIENT_SECRET);
            }

            @Override
            public URI apiUrl() {
                return base;
            }

            @Override
            public URI accountsUrl() {
                return base;
            }

            @Override
            public int maxRetryAfterSeconds() {
                return maxRetryAfterSeconds;
            }

            @Override
            public int maxRetries() {
                return maxRetries;
            }
        });
    }

    static SpotifyWebApi.Credentials credentials() {
        return new SpotifyWebApi.Credentials(FakeSpotify.CLIENT_ID, FakeSpotify.CLIENT_SECRET);
    }

    @Test
    void a429IsAskedAgainOnlyAfterItsRetryAfter() {
        fake.rateLimitOnce("/api/token", 1);
        SpotifyApi client = api(30, 5).withClientCredentials(credentials());
        assertNotNull(client.getAccessToken());
        List<LoggedRequest> asked = fake.requests("/api/token");
        assertEquals(2, asked.size(), "the token asked once more after the 429");
        long gap = asked.get(1).getLoggedDate().getTime() - asked.get(0).getLoggedDate().getTime();
        assertTrue(gap >= 1000, "asked again " + gap + " ms after the 429 with Retry-After: 1");
        assertTrue(gap < 4000, "and not much later: " + gap + " ms");
    }

    @Test
    void aRetryAfterLongerThanAllowedIsNotWaitedFor() {
        fake.rateLimitOnce("/api/token", 120);
        VibeException.Unavailable e = assertThrows(VibeException.Unavailable.class, () -> api(30, 5).withClientCredentials(credentials()));
        assertTrue(e.getMessage().contains("wait 120 s"), e.getMessage());
        assertEquals(1, fake.requests("/api/token").size(), "no request after the refusal");
    }

    @Test
    void noMoreThanTheConfiguredRetries() {
        fake.rateLimitOnce("/api/token", 1).rateLimitOnce("/api/token", 1);
        assertThrows(VibeException.Unavailable.class, () -> api(30, 1).withClientCredentials(credentials()));
        assertEquals(2, fake.requests("/api/token").size(), "the call and one retry");
    }
}
