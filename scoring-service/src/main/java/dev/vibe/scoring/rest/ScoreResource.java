package dev.vibe.scoring.rest;

import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import dev.vibe.common.json.FeaturesDeserializer;
import dev.vibe.common.json.RowsDeserializer;
import dev.vibe.common.problem.Problem;
import dev.vibe.common.problem.VibeException;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.scoring.service.ScoringService;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.infrastructure.Infrastructure;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/** How well songs fit each playlist of a vibe. */
@Path("/api/v1/vibes/{vibeId}/score")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class ScoreResource {

    /**
     * Inline requests up to this many songs (no explanation, model loaded) are answered on the event loop, with the other
     * requests of its turn (one ONNX Runtime call for all of them); larger ones on a worker thread.
     */
    static final int ON_IO_THREAD_MAX_SONGS = 256;

    private final ScoringService scoring;

    public ScoreResource(ScoringService scoring) {
        this.scoring = scoring;
    }

    /**
     * Songs with inline features, or the id of a playlist stored by ingest. Checked by hand in {@link #inlineSongs}
     * (each song's features as they are read, by {@link FeaturesDeserializer}), not by Bean Validation: it walked every song of every
     * request a second time on the hot path.
     */
    public record ScoreRequest(List<Song> songs, String playlistId) {
    }

    /**
     * One song: an id (optional), a name (optional) and its 13 features by name (time_signature may be absent), checked
     * as they are read ({@link FeaturesDeserializer}); a song without features has null.
     */
    public record Song(String id, String name,
                       @JsonDeserialize(using = FeaturesDeserializer.class) @Schema(ref = "Features") AudioFeatures.Parsed features) {
    }

    @POST
    @Operation(summary = "Probability that each song fits each playlist of the vibe (the [songs x N] matrix)",
            description = "Body: {\"songs\":[{\"id\":\"..\",\"features\":{\"danceability\":0.7,...}}]} or {\"playlistId\":\"..\"}. "
                    + "With explain=true each song also gets, per playlist, the features that push its probability up and down most "
                    + "and its 3 nearest songs of that playlist. At most vibe.scoring.max-songs (10,000) songs per request.")
    @APIResponse(responseCode = "200", description = "Probabilities in playlist order, and the plain matrix")
    @APIResponse(responseCode = "400", description = "A malformed song or a missing/out-of-range feature (named), or an unknown stored playlist")
    @APIResponse(responseCode = "404", description = "Unknown vibe")
    @APIResponse(responseCode = "409", description = "The vibe is still training, or its training failed (the detail says which)")
    @APIResponse(responseCode = "413", description = "More songs than vibe.scoring.max-songs")
    @NonBlocking
    public Uni<ScoringService.Scores> score(@PathParam("vibeId") String vibeId,
                                            @Parameter(description = "add explanations") @QueryParam("explain") boolean explain,
                                            ScoreRequest request) {
        if (request == null || (request.songs() == null) == (request.playlistId() == null)) {
            throw new VibeException.InvalidInput("Send either {\"songs\":[{\"id\":..,\"features\":{..}}]} or {\"playlistId\":\"..\"}.");
        }
        if (request.playlistId() != null) {
            // reading the playlist from ingest blocks: a worker thread does it
            return onWorker(() -> scoring.score(vibeId, scoring.storedPlaylist(request.playlistId()), explain));
        }
        List<ScoringService.SongInput> songs = inlineSongs(request);
        if (!explain && songs.size() <= ON_IO_THREAD_MAX_SONGS) {
            // a loaded model answers a few songs in microseconds: here, with the other requests of this turn of the
            // event loop, without the hand-off to a worker thread
            Optional<CompletionStage<ScoringService.Scores>> scores = scoring.scoreLoaded(vibeId, songs);
            if (scores.isPresent()) {
                return Uni.createFrom().completionStage(scores.get());
            }
        }
        return onWorker(() -> scoring.score(vibeId, songs, explain));
    }

    /**
     * Songs as rows of numbers: {@code columns} names the features in the order of each row (default: the 13 in schema
     * order), {@code null} in a row leaves a value out (only time_signature may be left out).
     */
    public record MatrixRequest(@Schema(description = "feature names in the order of each row; default the 13 in schema order "
                                        + "(danceability, energy, key, loudness, mode, speechiness, acousticness, instrumentalness, liveness, "
                                        + "valence, tempo, duration_ms, time_signature)") List<String> columns,
                                @JsonDeserialize(using = RowsDeserializer.class)
                                @Schema(description = "one row of numbers per song, in the order of columns", example = "[[0.629,0.551,7,-9.44,1,"
                                        + "0.0321,0.685,0.0000288,0.0889,0.698,81.995,233693,4]]") double[][] rows) {
    }

    @POST
    @Path("matrix")
    @Operation(summary = "The [songs x N] matrix alone, for songs sent as rows of numbers (large batches)",
            description = "Body: {\"columns\":[\"danceability\",...],\"rows\":[[0.7,...],...]} (columns may be left out: the 13 features "
                    + "in schema order). Answers {\"vibe\",\"modelVersion\",\"playlists\",\"fitsNoneBelow\",\"matrix\"}: row i is the chance "
                    + "per playlist that song i belongs on it; a song fits none of them when no chance in its row reaches fitsNoneBelow. "
                    + "The same chances as POST .../score gives, in a fifth of the bytes each way. At most vibe.scoring.max-songs rows.")
    @APIResponse(responseCode = "200", description = "The matrix, rows in the order sent, columns in playlist order")
    @APIResponse(responseCode = "400", description = "An unknown or repeated column, a row of the wrong length, a missing or out-of-range value (named)")
    @APIResponse(responseCode = "404", description = "Unknown vibe")
    @APIResponse(responseCode = "409", description = "The vibe is still training, or its training failed (the detail says which)")
    @APIResponse(responseCode = "413", description = "More rows than vibe.scoring.max-songs")
    @NonBlocking
    public Uni<ScoringService.Matrix> matrix(@PathParam("vibeId") String vibeId, MatrixRequest request) {
        if (request == null || request.rows() == null) {
            throw new VibeException.InvalidInput("Send {\"columns\":[\"danceability\",...],\"rows\":[[0.7,...],...]}: rows is missing.",
                    List.of(new Problem.FieldError("rows", "is missing")));
        }
        scoring.checkSize(request.rows().length); // 413 before any row is looked at
        AudioFeatures.Table table = AudioFeatures.table(request.columns() == null ? FeatureSchema.keys() : request.columns(), request.rows(), 50);
        if (!table.problems().isEmpty()) {
            throw new VibeException.InvalidInput("Some rows are not usable; fix the fields listed in errors.",
                    table.problems().stream().map(p -> new Problem.FieldError(p.field(), p.message())).toList());
        }
        float[][] rows = table.rows();
        if (rows.length <= ON_IO_THREAD_MAX_SONGS) {
            Optional<CompletionStage<ScoringService.Matrix>> matrix = scoring.matrixLoaded(vibeId, rows);
            if (matrix.isPresent()) {
                return Uni.createFrom().completionStage(matrix.get());
            }
        }
        return onWorker(() -> scoring.matrix(vibeId, rows));
    }

    private static <T> Uni<T> onWorker(Supplier<T> work) {
        return Uni.createFrom().item(work).runSubscriptionOn(Infrastructure.getDefaultWorkerPool());
    }

    private static List<ScoringService.SongInput> inlineSongs(ScoreRequest request) {
        List<Problem.FieldError> errors = new ArrayList<>();
        List<ScoringService.SongInput> songs = new ArrayList<>(request.songs().size());
        for (int i = 0; i < request.songs().size() && errors.size() < 50; i++) {
            Song s = request.songs().get(i);
            if (s == null) {
                errors.add(new Problem.FieldError("songs[" + i + "]", "is null"));
                continue;
            }
            songs.add(new ScoringService.SongInput(s.id(), s.name(), ScoringService.features(i, s.features(), errors)));
        }
        if (!errors.isEmpty()) {
            throw new VibeException.InvalidInput("Some songs are not usable; fix the fields listed in errors.", errors);
        }
        return songs;
    }
}
