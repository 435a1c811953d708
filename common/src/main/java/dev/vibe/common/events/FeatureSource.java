package dev.vibe.common.events;

/** Where a track's audio features came from. */
public enum FeatureSource {
    /** An Exportify CSV export of a playlist. */
    EXPORTIFY_CSV,
    /** Spotify's /audio-features endpoint (legacy apps only since 2024-11-27). */
    SPOTIFY_API,
    /** A local feature catalogue CSV looked up by track id. */
    CATALOGUE,
    /** Given inline by a caller (scoring requests). */
    INLINE
}
