package dev.vibe.scoring.rest;

import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.scoring.service.VibeBrowser;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.List;
import java.util.Locale;

/** Read-only browsing for the web page and other clients: vibes with models, playlist profiles, stored playlists. */
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public class BrowseResource {

    private final VibeBrowser browser;

    public BrowseResource(VibeBrowser browser) {
        this.browser = browser;
    }

    /** One feature of the schema, as clients need it to build inputs. */
    public record FeatureView(String key, String label, String kind, double min, double max, boolean required) {
    }

    @GET
    @Path("/features")
    @Operation(summary = "The 13 features in model input order, with their valid ranges (the schema of common/)")
    public List<FeatureView> features() {
        return FeatureSchema.FEATURES.stream()
                .map(f -> new FeatureView(f.key(), f.label(), f.kind().name().toLowerCase(Locale.ROOT), f.min(), f.max(), f.required()))
                .toList();
    }

    @GET
    @Path("/vibes")
    @Operation(summary = "Vibes that have a model: latest version, playlists (output order), name")
    public List<VibeBrowser.VibeSummary> vibes() {
        return browser.vibes();
    }

    @GET
    @Path("/vibes/{vibeId}/profile")
    @Operation(summary = "Each playlist's profile: quartiles, extremes and mean of every feature over the songs the model learned from")
    @APIResponse(responseCode = "200", description = "Profiles in playlist order, and the overall range")
    @APIResponse(responseCode = "404", description = "Unknown vibe")
    public VibeBrowser.Profile profile(@PathParam("vibeId") String vibeId) {
        return browser.profile(vibeId);
    }

    @GET
    @Path("/playlists")
    @Operation(summary = "Playlists stored by ingest (to pick one to score)")
    @APIResponse(responseCode = "503", description = "Ingest unreachable")
    public List<VibeBrowser.StoredPlaylistSummary> playlists() {
        return browser.playlists();
    }

    @GET
    @Path("/playlists/{id}")
    @Operation(summary = "A stored playlist's songs with their features (to pick a track to score)")
    @APIResponse(responseCode = "404", description = "Unknown playlist")
    @APIResponse(responseCode = "503", description = "Ingest unreachable")
    public VibeBrowser.StoredPlaylist playlist(@PathParam("id") String id) {
        return browser.playlist(id);
    }
}
