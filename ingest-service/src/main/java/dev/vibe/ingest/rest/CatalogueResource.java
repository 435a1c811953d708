package dev.vibe.ingest.rest;

import dev.vibe.ingest.service.CatalogueService;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.io.InputStream;
import java.util.Map;

/** The feature catalogue: features looked up by track id for songs whose source has none. */
@Path("/api/v1/catalogue")
@Produces(MediaType.APPLICATION_JSON)
public class CatalogueResource {

    private final CatalogueService catalogue;

    public CatalogueResource(CatalogueService catalogue) {
        this.catalogue = catalogue;
    }

    @POST
    @Consumes({"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM, "application/csv"})
    @Operation(summary = "Load a feature catalogue CSV (a track id column and the feature columns)",
            description = "For example a public Spotify tracks dataset. Rows replace earlier ones with the same track id. "
                    + "A missing time_signature column is fine (the feature is then missing, not zero). Rows without a track id or "
                    + "with bad or missing features are skipped and listed.")
    @APIResponse(responseCode = "200", description = "Loaded")
    @APIResponse(responseCode = "400", description = "Not a CSV with track ids and features, or not one usable row; nothing loaded")
    @APIResponse(responseCode = "413", description = "Larger than vibe.import.max-catalogue-bytes (64 MiB)")
    public CatalogueService.LoadReport load(@QueryParam("name") String name, InputStream body) {
        return catalogue.load(name, body);
    }

    @GET
    @Operation(summary = "How many tracks the catalogue has")
    public Map<String, Long> size() {
        return Map.of("tracks", catalogue.size());
    }
}
