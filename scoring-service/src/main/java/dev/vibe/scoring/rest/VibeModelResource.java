package dev.vibe.scoring.rest;

import dev.vibe.scoring.client.VibeStatusLookup;
import dev.vibe.scoring.service.ServedModel;
import dev.vibe.scoring.service.ServedModels;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Which model this instance serves for a vibe. */
@Path("/api/v1/vibes/{vibeId}/model")
@Produces(MediaType.APPLICATION_JSON)
public class VibeModelResource {

    private final ServedModels servedModels;
    private final VibeStatusLookup status;

    public VibeModelResource(ServedModels servedModels, VibeStatusLookup status) {
        this.servedModels = servedModels;
        this.status = status;
    }

    /** The served model's description (without the ONNX bytes). */
    public record ModelView(String vibeId, int modelVersion, String checksumSha256, List<String> playlistIds,
                            List<String> playlists, Map<String, Object> metrics, Instant createdAt) {
        static ModelView of(ServedModel m) {
            return new ModelView(m.vibeId(), m.version(), m.checksumSha256(), m.playlistIds(), m.playlistNames(), m.metrics(), m.createdAt());
        }
    }

    @GET
    @Operation(summary = "The model served for a vibe: version, checksum, playlists (output order), evaluation")
    @APIResponse(responseCode = "200", description = "The served model")
    @APIResponse(responseCode = "404", description = "Unknown vibe")
    @APIResponse(responseCode = "409", description = "The vibe is still training (or its training failed): the status says which")
    public ModelView get(@PathParam("vibeId") String vibeId) {
        return servedModels.find(vibeId).map(ModelView::of).orElseThrow(() -> status.noModel(vibeId));
    }
}
