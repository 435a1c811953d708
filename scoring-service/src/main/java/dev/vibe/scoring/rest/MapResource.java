package dev.vibe.scoring.rest;

import dev.vibe.scoring.service.VibeMap;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** The vibe's songs on a 2-D map, as the model sees them. */
@Path("/api/v1/vibes/{vibeId}/map")
@Produces(MediaType.APPLICATION_JSON)
public class MapResource {

    private final VibeMap map;

    public MapResource(VibeMap map) {
        this.map = map;
    }

    @GET
    @Blocking
    @Operation(summary = "Every training song of the vibe in 2-D, placed by the model's view of it",
            description = "The songs' encoded inputs (what the network reads) projected on their two principal directions; each axis "
                    + "says in words what rises along it. With playlistId, that stored playlist's songs are placed on the same map, "
                    + "with their probabilities.")
    @APIResponse(responseCode = "200", description = "Axes and points (x, y, playlists, facts in a musician's terms)")
    @APIResponse(responseCode = "400", description = "Unknown stored playlist")
    @APIResponse(responseCode = "404", description = "Unknown vibe")
    @APIResponse(responseCode = "409", description = "The vibe is still training, or its training failed")
    public VibeMap.MapView map(@PathParam("vibeId") String vibeId,
                               @Parameter(description = "a stored playlist whose songs to place on the map") @QueryParam("playlistId") String playlistId) {
        return map.map(vibeId, playlistId);
    }
}
