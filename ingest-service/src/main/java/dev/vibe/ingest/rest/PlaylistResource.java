package dev.vibe.ingest.rest;

import dev.vibe.ingest.client.SpotifyWebApi.Credentials;
import dev.vibe.common.api.PlaylistDetail;
import dev.vibe.common.api.PlaylistSummary;
import dev.vibe.ingest.service.PlaylistImportService;
import dev.vibe.ingest.service.PlaylistImportService.ImportReport;
import dev.vibe.ingest.service.PlaylistImportService.Imported;
import dev.vibe.ingest.service.PlaylistQueries;
import dev.vibe.ingest.service.SpotifyImporter;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.io.InputStream;
import java.net.URI;
import java.util.List;

/** Import playlists (Exportify CSV, Spotify) and read them back. */
@Path("/api/v1/playlists")
@Produces(MediaType.APPLICATION_JSON)
public class PlaylistResource {

    private final PlaylistImportService importer;
    private final SpotifyImporter spotify;
    private final PlaylistQueries queries;

    public PlaylistResource(PlaylistImportService importer, SpotifyImporter spotify, PlaylistQueries queries) {
        this.importer = importer;
        this.spotify = spotify;
        this.queries = queries;
    }

    @POST
    @Path("/exportify")
    @Consumes({"text/csv", MediaType.TEXT_PLAIN, MediaType.APPLICATION_OCTET_STREAM, "application/csv"})
    @Operation(summary = "Import a playlist from a CSV export (every exportify.net layout since 2019, watsonbox/exportify)",
            description = "The playlist id is the name in lower case with '-' between words; importing the same name again "
                    + "replaces the playlist's songs if they changed. Songs without audio features in the file get them from the "
                    + "songs Vibe stores, the feature catalogue, Spotify (apps that still have access) or ReccoBeats; rows that "
                    + "cannot be used (bad values, short or long rows, local files) are skipped and listed with line, field and reason.")
    @APIResponse(responseCode = "201", description = "A new playlist was stored")
    @APIResponse(responseCode = "200", description = "An existing playlist was imported again")
    @APIResponse(responseCode = "400", description = "Not a playlist export (empty, binary, another delimiter, no header column Vibe knows), "
            + "or not one song that can be stored; nothing was stored")
    @APIResponse(responseCode = "413", description = "Body larger than vibe.import.max-playlist-bytes (5 MiB)")
    public Response importExportify(@Parameter(description = "The playlist's name", required = true) @QueryParam("name") String name,
                                    InputStream body) {
        return answer(importer.importExport(name, body));
    }

    /** A Spotify import request; credentials are optional (the service's configuration is used otherwise). */
    public record SpotifyImportRequest(@NotBlank(message = "is required: {\"playlist\": \"spotify:playlist:ID\"}") String playlist,
                                       String name, String clientId, String clientSecret) {

        /** The app credentials sent with the request, or null (the service's own are used then). */
        Credentials credentials() {
            return clientId == null ? null : new Credentials(clientId, clientSecret);
        }

        @Override
        public String toString() {
            return "SpotifyImportRequest[playlist=" + playlist + ", name=" + name + ", clientId=" + clientId + ", clientSecret=***]";
        }
    }

    /** The header that carries the signed-in listener's Spotify access token for one import. */
    public static final String SPOTIFY_TOKEN_HEADER = "X-Spotify-Token";

    @POST
    @Path("/spotify")
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Import a playlist through Spotify's Web API",
            description = "playlist: spotify:playlist:ID, an open.spotify.com link or the id. With the signed-in listener's access token in "
                    + "the X-Spotify-Token header (./vibe login; Authorization Code with PKCE), Vibe reads the playlist's items as Spotify "
                    + "allows development-mode apps since February 2026: playlists the listener owns or collaborates on. Without it, the "
                    + "app's client credentials are used (apps with extended access). The token is used for this import only: never "
                    + "stored, logged or returned, nor the client secret. Audio features come from stored songs, the catalogue, Spotify "
                    + "(apps created before 2024-11-27) or ReccoBeats.")
    @APIResponse(responseCode = "201", description = "A new playlist was stored")
    @APIResponse(responseCode = "200", description = "An existing playlist was imported again")
    @APIResponse(responseCode = "400", description = "Bad playlist reference, no credentials configured, no song with features")
    @APIResponse(responseCode = "403", description = "Spotify refuses this playlist's items: not the listener's own playlist, or no user token")
    @APIResponse(responseCode = "404", description = "Spotify has no such playlist")
    @APIResponse(responseCode = "502", description = "Spotify rejected the credentials or token, or serves no audio features and no other source has them")
    @APIResponse(responseCode = "503", description = "Spotify's rate limit asks to wait longer than the configured maximum")
    public Response importSpotify(@Parameter(hidden = true) @HeaderParam(SPOTIFY_TOKEN_HEADER) String userToken,
                                  @NotNull(message = "Say which playlist: {\"playlist\": \"spotify:playlist:ID\"}") @Valid SpotifyImportRequest request) {
        return answer(spotify.importPlaylist(request.playlist(), request.name(), request.credentials(), userToken));
    }

    @GET
    @Operation(summary = "All playlists, newest import first")
    public List<PlaylistSummary> list() {
        return queries.list();
    }

    @GET
    @Path("/{id}")
    @Operation(summary = "A playlist with its songs and their features, in playlist order")
    @APIResponse(responseCode = "200", description = "The playlist")
    @APIResponse(responseCode = "404", description = "No such playlist")
    public PlaylistDetail get(@PathParam("id") String id) {
        return queries.detail(id);
    }

    /** 201 with the playlist's address for a playlist Vibe did not have, 200 for one imported again. */
    private static Response answer(Imported imported) {
        ImportReport report = imported.report();
        return imported.newPlaylist() ? Response.created(URI.create("/api/v1/playlists/" + report.playlistId())).entity(report).build()
                : Response.ok(report).build();
    }
}
