package dev.vibe.ingest.rest;

import dev.vibe.common.events.FeatureRecord;
import dev.vibe.ingest.service.TrackService;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/** Stored tracks. */
@Path("/api/v1/tracks")
@Produces(MediaType.APPLICATION_JSON)
public class TrackResource {

    private final TrackService tracks;

    public TrackResource(TrackService tracks) {
        this.tracks = tracks;
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A stored track with its features, source and version (as published on vibe-features)")
    @APIResponse(responseCode = "200", description = "The track")
    @APIResponse(responseCode = "404", description = "No such track")
    public FeatureRecord get(@PathParam("id") String id) {
        return tracks.record(id);
    }
}
