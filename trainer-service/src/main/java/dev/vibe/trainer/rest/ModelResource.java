package dev.vibe.trainer.rest;

import dev.vibe.common.model.ModelArtifact;
import dev.vibe.common.model.ModelSummary;
import dev.vibe.common.problem.VibeException;
import dev.vibe.trainer.domain.ModelRecord;
import dev.vibe.trainer.service.ModelRegistry;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The model registry, the trainer's alone: each vibe's models, their evaluation reports, their artifacts (what the
 * scoring service loads) and ONNX files.
 */
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public class ModelResource {

    private final ModelRegistry registry;

    public ModelResource(ModelRegistry registry) {
        this.registry = registry;
    }

    /** A model with its evaluation, without its bytes and songs. */
    public record ModelDescription(String vibeId, int version, String requestId, String checksumSha256, List<String> playlistIds,
                                   List<String> playlists, Map<String, Object> evaluation, int songs, int onnxBytes, Instant createdAt) {
        static ModelDescription of(ModelRecord m) {
            return new ModelDescription(m.vibeId, m.version, m.requestId, m.checksumSha256, m.playlistIds, m.playlistNames, m.metrics,
                    m.songs.size(), m.onnx.length, m.createdAt);
        }
    }

    @GET
    @Operation(summary = "The latest model of every vibe, newest first (what a scoring instance loads at start-up)")
    public List<ModelSummary> latestOfEveryVibe() {
        return registry.latestOfEveryVibe().stream().map(ModelRecord::toSummary).toList();
    }

    @GET
    @Path("/{vibeId}")
    @Operation(summary = "The latest model of a vibe with its evaluation report (network and baselines on the same held-out songs)")
    @APIResponse(responseCode = "200", description = "The model")
    @APIResponse(responseCode = "404", description = "No model for this vibe yet")
    public ModelDescription latest(@PathParam("vibeId") String vibeId) {
        return ModelDescription.of(registry.latest(vibeId).orElseThrow(() -> notFound(vibeId)));
    }

    @GET
    @Path("/{vibeId}/artifact")
    @Operation(summary = "The latest model of a vibe as the scoring service loads it: ONNX (base64), playlists, training songs, evaluation")
    @APIResponse(responseCode = "200", description = "The artifact")
    @APIResponse(responseCode = "404", description = "No model for this vibe yet")
    public ModelArtifact latestArtifact(@PathParam("vibeId") String vibeId) {
        return registry.latest(vibeId).orElseThrow(() -> notFound(vibeId)).toArtifact();
    }

    @GET
    @Path("/{vibeId}/versions/{version}/artifact")
    @Operation(summary = "One version of a vibe's model as the scoring service loads it")
    @APIResponse(responseCode = "200", description = "The artifact")
    @APIResponse(responseCode = "404", description = "No such model")
    public ModelArtifact artifact(@PathParam("vibeId") String vibeId, @PathParam("version") int version) {
        return registry.version(vibeId, version).orElseThrow(() -> notFound(vibeId + " v" + version)).toArtifact();
    }

    @GET
    @Path("/{vibeId}/versions/{version}/onnx")
    @Produces("application/octet-stream")
    @Operation(summary = "Download a model as ONNX (input \"features\" [batch,13] raw values, output \"probabilities\" [batch,N])")
    @APIResponse(responseCode = "200", description = "The ONNX file")
    @APIResponse(responseCode = "404", description = "No such model")
    public Response onnx(@PathParam("vibeId") String vibeId, @PathParam("version") int version) {
        ModelRecord m = registry.version(vibeId, version).orElseThrow(() -> notFound(vibeId + " v" + version));
        return Response.ok(m.onnx).header("Content-Disposition", "attachment; filename=\"vibe-" + vibeId + "-v" + version + ".onnx\"")
                .header("X-Checksum-Sha256", m.checksumSha256).build();
    }

    private static VibeException notFound(String what) {
        return new VibeException.NotFound("No model for " + what + ". Learn the vibe first (POST /api/v1/vibes on the ingest service) and wait until it is READY.");
    }
}
