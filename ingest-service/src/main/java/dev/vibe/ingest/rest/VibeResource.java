package dev.vibe.ingest.rest;

import dev.vibe.common.api.VibeView;
import dev.vibe.ingest.domain.Vibe;
import dev.vibe.ingest.service.VibeService;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.net.URI;
import java.util.List;
import java.util.Map;

/** "Learn a vibe" and follow its training. */
@Path("/api/v1/vibes")
@Produces(MediaType.APPLICATION_JSON)
public class VibeResource {

    private final VibeService vibes;

    public VibeResource(VibeService vibes) {
        this.vibes = vibes;
    }

    /** A request to learn a vibe: two or more playlist ids, in the order the model's outputs should have. */
    public record LearnRequest(
            @NotNull(message = "needs at least 2 playlist ids")
            @Size(min = 2, max = VibeService.MAX_PLAYLISTS, message = "needs from {min} to {max} playlist ids")
            List<@NotBlank(message = "is empty") String> playlistIds,
            String name) {
    }

    /** A vibe and the state of its model, as the read contract shows it. */
    static VibeView view(Vibe v) {
        return new VibeView(v.id, v.name, v.playlistIds(), v.status, v.message, v.modelVersion,
                v.metrics == null ? Map.of() : v.metrics, v.requestId, v.createdAt, v.updatedAt);
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Learn a vibe from 2 or more playlists",
            description = "Stores the vibe and publishes a training request; poll GET /api/v1/vibes/{id} until READY.")
    @APIResponse(responseCode = "202", description = "Accepted: training is requested (status PENDING)")
    @APIResponse(responseCode = "400", description = "Fewer than 2 playlists, unknown or repeated ids (each named)")
    public Response learn(@NotNull(message = "Send {\"playlistIds\": [\"id0\", \"id1\", ...]} with at least 2 playlist ids.")
                          @Valid LearnRequest request) {
        VibeView view = view(vibes.learn(request.playlistIds(), request.name()));
        return Response.accepted(view).location(URI.create("/api/v1/vibes/" + view.id())).build();
    }

    @GET
    @Operation(summary = "All vibes, newest first")
    public List<VibeView> list() {
        return vibes.list().stream().map(VibeResource::view).toList();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A vibe: PENDING, TRAINING, READY (with model version and metrics) or FAILED (with the reason)")
    @APIResponse(responseCode = "200", description = "The vibe")
    @APIResponse(responseCode = "404", description = "No such vibe")
    public VibeView get(@PathParam("id") String id) {
        return view(vibes.require(id));
    }
}
