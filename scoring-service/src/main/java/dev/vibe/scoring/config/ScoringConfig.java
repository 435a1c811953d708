package dev.vibe.scoring.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of the scoring service. */
@ConfigMapping(prefix = "vibe.scoring")
public interface ScoringConfig {

    /** Most songs one request may score (413 above). */
    @WithDefault("10000")
    int maxSongs();

    /** How many vibes' models stay loaded; beyond that the one scored least often and least recently is closed, and reloaded on demand. */
    @WithDefault("64")
    int maxHotModels();
}
