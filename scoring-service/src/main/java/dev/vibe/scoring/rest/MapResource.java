package dev.vibe.scoring.rest;

import dev.vibe.common.problem.Problem;
import dev.vibe.common.problem.VibeException;
import dev.vibe.scoring.service.ScoringService;
import dev.vibe.scoring.service.VibeMap;
import io.smallrye.common.annotation.Blocking;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.ArrayList;
import java.util.List;

/** The vibe's songs on a 2-D map, as the model sees them. */
@Path("/api/v1/vibes/{vibeId}/map")
@Produces(MediaType.APPLICATION_JSON)
public class MapResource {

    private final VibeMap map;

    public MapResource(VibeMap map) {
        this.map = map;
    }

    @GET
    @Blocking
    @Operation(summary = "Every training song of the vibe in 2-D, placed by the model's view of it",
            description = "The songs' encoded inputs (what the network reads) projected on their two principal directions; each axis "
                    + "says in words what rises along it. With playlistId, that stored playlist's songs are placed on the same map, "
                    + "with their probabilities.")
    @APIResponse(responseCode = "200", description = "Axes and points (x, y, playlists, facts in a musician's terms)")
    @APIResponse(responseCode = "400", description = "Unknown stored playlist")
    @APIResponse(responseCode = "404", description = "Unknown vibe")
    @APIResponse(responseCode = "409", description = "The vibe is still training, or its training failed")
    public VibeMap.MapView map(@PathParam("vibeId") String vibeId,
                               @Parameter(description = "a stored playlist whose songs to place on the map") @QueryParam("playlistId") String playlistId) {
        return map.map(vibeId, playlistId);
    }

    /** Songs to place on the map, under a label (e.g. "picks for Country"). */
    public record PlaceRequest(@Size(max = 1000) List<ScoreResource.@NotNull(message = "is null") Song> songs,
                               String label) {
    }

    @POST
    @Blocking
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "The same map with the given songs placed on it (e.g. recommended songs), with their probabilities",
            description = "Body: {\"label\":\"picks for Country\",\"songs\":[{\"id\":..,\"name\":..,\"features\":{..}}]}, at most 1,000 songs.")
    @APIResponse(responseCode = "200", description = "Axes and points; the given songs last, marked scored")
    @APIResponse(responseCode = "400", description = "A song without usable features (named in errors)")
    @APIResponse(responseCode = "404", description = "Unknown vibe")
    public VibeMap.MapView place(@PathParam("vibeId") String vibeId, @NotNull(message = "send {\"songs\":[..]}") @Valid PlaceRequest request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        List<ScoringService.SongInput> songs = new ArrayList<>();
        List<ScoreResource.Song> given = request.songs() == null ? List.of() : request.songs();
        for (int i = 0; i < given.size(); i++) {
            ScoreResource.Song s = given.get(i);
            songs.add(new ScoringService.SongInput(s.id(), s.name(), ScoringService.features(i, s.features(), errors)));
        }
        if (!errors.isEmpty()) {
            throw new VibeException.InvalidInput("Some songs are not usable; fix the fields listed in errors.", errors);
        }
        return map.map(vibeId, songs, request.label() == null || request.label().isBlank() ? "your songs" : request.label().strip());
    }
}
