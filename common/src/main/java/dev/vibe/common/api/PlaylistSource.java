package dev.vibe.common.api;

import org.eclipse.microprofile.openapi.annotations.media.Schema;

/** Where a stored playlist came from: ingest's playlist column (by name) and its read API. */
@Schema(name = "Source")
public enum PlaylistSource { EXPORTIFY_CSV, SPOTIFY_API }
