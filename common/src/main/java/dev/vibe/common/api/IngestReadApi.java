package dev.vibe.common.api;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import java.util.List;

/**
 * The ingest service's read API as the other services call it: stored playlists and the state of each vibe. Ingest
 * serves these paths with these records; scoring's REST client is this interface.
 */
@Produces(MediaType.APPLICATION_JSON)
public interface IngestReadApi {

    /** Every stored playlist, newest import first. */
    @GET
    @Path("/api/v1/playlists")
    List<PlaylistSummary> playlists();

    /** A stored playlist with its songs; 404 when there is none. */
    @GET
    @Path("/api/v1/playlists/{id}")
    PlaylistDetail playlist(@PathParam("id") String id);

    /** Every vibe, newest first. */
    @GET
    @Path("/api/v1/vibes")
    List<VibeView> vibes();

    /** A vibe; 404 when there is none. */
    @GET
    @Path("/api/v1/vibes/{id}")
    VibeView vibe(@PathParam("id") String id);
}
