package dev.vibe.scoring.rest;

import dev.vibe.scoring.service.OutlierService;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Each playlist's own songs that fit it least. */
@Path("/api/v1/vibes/{vibeId}/outliers")
@Produces(MediaType.APPLICATION_JSON)
public class OutlierResource {

    private final OutlierService outliers;

    public OutlierResource(OutlierService outliers) {
        this.outliers = outliers;
    }

    @GET
    @Operation(summary = "Each playlist's songs that fit it least (misfits), least fitting first, with why in words",
            description = "Ranked by the chance that the song belongs on its playlist by a model that did not train on that song.")
    @APIResponse(responseCode = "200", description = "Per playlist its least fitting songs")
    @APIResponse(responseCode = "400", description = "Not a playlist of the vibe, or limit out of range")
    @APIResponse(responseCode = "404", description = "Unknown vibe")
    @APIResponse(responseCode = "409", description = "The vibe is still training, its training failed, or its model is too old for misfits")
    public OutlierService.Outliers get(@PathParam("vibeId") String vibeId,
                                       @Parameter(description = "one playlist (its id or name); every playlist when absent") @QueryParam("playlist") String playlist,
                                       @Parameter(description = "songs per playlist (1-200)") @QueryParam("limit") @DefaultValue("10") int limit) {
        return outliers.outliers(vibeId, playlist, limit);
    }
}
