package dev.vibe.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.util.Optional;

/**
 * How ingest reaches Spotify's Web API. Credentials come from the environment ({@code CLIENT_ID},
 * {@code CLIENT_SECRET}, as in the original project's .env) or from the request; the secret is never logged,
 * stored or returned.
 */
@ConfigMapping(prefix = "vibe.spotify")
public interface SpotifyConfig {

    Optional<String> clientId();

    Optional<String> clientSecret();

    /** Base URL of the Web API (a local fake in tests). */
    @WithDefault("https://api.spotify.com")
    URI apiUrl();

    /** Base URL of the accounts service that issues tokens. */
    @WithDefault("https://accounts.spotify.com")
    URI accountsUrl();

    /** A 429 asking to wait longer than this is not waited for: the import fails with 503 and the wait. */
    @WithDefault("30")
    int maxRetryAfterSeconds();

    /** How many 429s one import waits through. */
    @WithDefault("5")
    int maxRetries();
}
