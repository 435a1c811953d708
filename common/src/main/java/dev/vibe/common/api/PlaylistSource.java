package dev.vibe.common.api;

/** Where a stored playlist came from, as ingest's read API names it. */
public enum PlaylistSource { EXPORTIFY_CSV, SPOTIFY_API }
