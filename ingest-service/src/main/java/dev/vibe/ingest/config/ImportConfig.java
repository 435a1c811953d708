package dev.vibe.ingest.config;

import io.smallrye.config.ConfigMapping;
import io.smallrye.config.WithDefault;

/** Limits of what one import may send. */
@ConfigMapping(prefix = "vibe.import")
public interface ImportConfig {

    /** Largest playlist CSV accepted (bytes); 5 MiB holds about 15,000 Exportify rows. */
    @WithDefault("5242880")
    long maxPlaylistBytes();

    /** Largest catalogue CSV accepted (bytes); the 32,833-row TidyTuesday dataset is 7.7 MiB. */
    @WithDefault("67108864")
    long maxCatalogueBytes();
}
