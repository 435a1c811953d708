package dev.vibe.scoring.client;

import dev.vibe.common.model.ModelArtifact;
import dev.vibe.common.model.ModelSummary;
import dev.vibe.common.security.ApiKeyClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;

/** The trainer's model API (quarkus.rest-client.trainer.url): where this service gets the models it serves. */
@RegisterProvider(ApiKeyClientFilter.class)
@RegisterRestClient(configKey = "trainer")
@Path("/api/v1/models")
public interface TrainerClient {

    /** The latest model of every vibe, newest first. */
    @GET
    List<ModelSummary> latest();

    /** The latest model of a vibe; 404 if it has none. */
    @GET
    @Path("/{vibeId}/artifact")
    ModelArtifact latestArtifact(@PathParam("vibeId") String vibeId);

    /** One version of a vibe's model; 404 if there is no such version. */
    @GET
    @Path("/{vibeId}/versions/{version}/artifact")
    ModelArtifact artifact(@PathParam("vibeId") String vibeId, @PathParam("version") int version);
}
