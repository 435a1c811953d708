package dev.vibe.common.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Where a stored playlist came from, as ingest's read API names it. */
@Schema(name = "Source")
public enum PlaylistSource { EXPORTIFY_CSV, SPOTIFY_API }
