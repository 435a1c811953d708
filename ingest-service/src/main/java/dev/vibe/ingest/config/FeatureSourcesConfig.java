package dev.vibe.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

import java.net.URI;
import java.time.Duration;

/** Where songs without audio features get them, after what Vibe stores and the catalogue. */
@ConfigMapping(prefix = "vibe.features")
public interface FeatureSourcesConfig {

    /** How long one import may spend asking outside services (Spotify, ReccoBeats) for features. */
    @WithDefault("60s")
    Duration timeBudget();

    ReccoBeats reccobeats();

    /** ReccoBeats' audio-features API. */
    interface ReccoBeats {
        /** Off for offline use: the demo and the local tests run without it. */
        @WithDefault("true")
        boolean enabled();

        @WithDefault("https://api.reccobeats.com")
        URI url();

        /** Ids per request; ReccoBeats' own clients use 40. */
        @WithDefault("40")
        int batchSize();

        /** A 429 asking to wait longer than this ends the lookup; the songs left are listed as skipped. */
        @WithDefault("30s")
        Duration maxRetryAfter();

        @WithDefault("10s")
        Duration requestTimeout();
    }
}
