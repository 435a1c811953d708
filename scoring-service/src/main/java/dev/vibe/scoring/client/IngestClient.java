package dev.vibe.scoring.client;

import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.common.security.ApiKeyClientFilter;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import org.eclipse.microprofile.rest.client.annotation.RegisterProvider;
import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import java.util.List;
import java.util.Map;

/** The ingest service's read API: stored playlists and vibe states (quarkus.rest-client.ingest.url). */
@RegisterProvider(ApiKeyClientFilter.class)
@RegisterRestClient(configKey = "ingest")
@Path("/api/v1")
public interface IngestClient {

    record Song(String id, String name, List<String> artists, Map<String, Double> features) {
        public Song {
            artists = artists == null ? List.of() : artists;
        }

        /** The song's features in the schema's order, NaN where ingest has none (the model's input). */
        public float[] raw() {
            float[] f = new float[FeatureSchema.SIZE];
            for (Feature feature : FeatureSchema.FEATURES) {
                Double v = features.get(feature.key());
                f[feature.index()] = v == null ? Float.NaN : v.floatValue();
            }
            return f;
        }
    }

    record Playlist(String id, String name, List<Song> songs) {
    }

    record Vibe(String id, String name, String status, String message) {
    }

    record PlaylistSummary(String id, String name, int songs) {
    }

    @GET
    @Path("/playlists/{id}")
    Playlist playlist(@PathParam("id") String id);

    @GET
    @Path("/playlists")
    List<PlaylistSummary> playlists();

    @GET
    @Path("/vibes")
    List<Vibe> vibes();

    @GET
    @Path("/vibes/{id}")
    Vibe vibe(@PathParam("id") String id);
}
