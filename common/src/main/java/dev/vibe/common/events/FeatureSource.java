package dev.vibe.common.events;

/** Where a track's audio features came from. */
public enum FeatureSource {
    /** A playlist export (exportify.net or watsonbox/exportify CSV) that carried the features. */
    EXPORTIFY_CSV,
    /** Spotify's /audio-features endpoint (legacy apps only since 2024-11-27). */
    SPOTIFY_API,
    /** A local feature catalogue CSV looked up by track id. */
    CATALOGUE,
    /**
     * ReccoBeats' audio-features API (api.reccobeats.com), which answers where Spotify no longer does; it has no
     * duration or time signature, so the duration comes from the export or Spotify and the time signature is missing.
     */
    RECCOBEATS,
    /** Given inline by a caller (scoring requests). */
    INLINE
}
