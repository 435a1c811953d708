package dev.vibe.scoring.rest;

import jakarta.ws.rs.core.HttpHeaders;
import dev.vibe.common.csv.SongCsvWriter;
import dev.vibe.scoring.domain.CandidateSongs;
import dev.vibe.scoring.service.RecommendService;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.List;
import java.util.Locale;

/** What else fits: the songs of a pool that fit each playlist of a vibe best. */
@Path("/api/v1")
public class RecommendResource {

    public static final String CSV = "text/csv";

    private final RecommendService recommend;
    private final CandidateSongs candidates;

    public RecommendResource(RecommendService recommend, CandidateSongs candidates) {
        this.recommend = recommend;
        this.candidates = candidates;
    }

    @GET
    @Path("/pools")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The pools recommendations can pick from: all, stored, each loaded catalogue (playlist:ID works too)")
    public List<CandidateSongs.PoolInfo> pools() {
        return candidates.pools();
    }

    @GET
    @Path("/vibes/{vibeId}/recommendations")
    @Produces({MediaType.APPLICATION_JSON, CSV})
    @Blocking
    @Operation(summary = "The songs of a pool that fit each playlist best (songs already on it left out), best first, a page at a time",
            description = "Each song comes with its probability, its margin over its best other playlist and, with explain=true (the default), "
                    + "the same explanation as scoring. Ask for text/csv (Accept header or format=csv) to get a CSV with Track URI, names and "
                    + "features that playlist tools and Vibe's own import read back. The next page: offset=offset+limit while 'more' is true.")
    @APIResponse(responseCode = "200", description = "Recommendations per playlist")
    @APIResponse(responseCode = "400", description = "An unknown playlist or pool, or an option out of range (named in errors)")
    @APIResponse(responseCode = "404", description = "Unknown vibe")
    @APIResponse(responseCode = "409", description = "The vibe is still training, or its training failed")
    @APIResponse(responseCode = "503", description = "Still reading the songs to recommend from, or ingest unreachable (playlist pools)")
    public Response recommendations(@PathParam("vibeId") String vibeId,
                                    @Parameter(description = "one playlist of the vibe (name or id); all when absent") @QueryParam("playlist") String playlist,
                                    @Parameter(description = "all (default), stored, catalogue:NAME or playlist:ID") @QueryParam("pool") @DefaultValue("all") String pool,
                                    @Parameter(description = "songs per playlist (1 to 500)") @QueryParam("limit") @DefaultValue("20") int limit,
                                    @Parameter(description = "songs to skip (paging)") @QueryParam("offset") @DefaultValue("0") int offset,
                                    @Parameter(description = "leave out songs below this probability") @QueryParam("minProbability") @DefaultValue("0") double minProbability,
                                    @Parameter(description = "only songs that fit this playlist at least this much more than any other")
                                    @QueryParam("minMargin") Double minMargin,
                                    @Parameter(description = "at most this many songs by the same (first) artist") @QueryParam("perArtist") Integer perArtist,
                                    @Parameter(description = "explain each song") @QueryParam("explain") @DefaultValue("true") boolean explain,
                                    @Parameter(description = "csv for a CSV download (same as Accept: text/csv)") @QueryParam("format") String format,
                                    @Context HttpHeaders headers) {
        boolean csv = "csv".equalsIgnoreCase(format) || (format == null && headers.getAcceptableMediaTypes().stream()
                .anyMatch(m -> m.isCompatible(MediaType.valueOf(CSV)) && !m.isWildcardType()));
        RecommendService.Recommendations r = recommend.recommend(vibeId, new RecommendService.Request(playlist, pool.strip(), offset, limit,
                minProbability, minMargin, perArtist, explain && !csv));
        if (!csv) {
            return Response.ok(r, MediaType.APPLICATION_JSON).build();
        }
        return Response.ok(csv(r), CSV + "; charset=utf-8")
                .header("Content-Disposition", "attachment; filename=\"" + fileName(r) + "\"").build();
    }

    /** One row per recommended song and playlist, best first within each playlist. */
    public static String csv(RecommendService.Recommendations r) {
        SongCsvWriter w = new SongCsvWriter(List.of("Vibe Playlist", "Vibe Rank", "Vibe Probability", "Vibe Margin"));
        for (RecommendService.PlaylistRecommendations p : r.playlists()) {
            for (RecommendService.Recommendation s : p.songs()) {
                w.add(new SongCsvWriter.Row(s.uri(), s.name(), s.artists(), s.features(), List.of(p.playlist(), Integer.toString(s.rank()),
                        String.format(Locale.ROOT, "%.4f", s.probability()), String.format(Locale.ROOT, "%.4f", s.margin()))));
            }
        }
        return w.text();
    }

    private static String fileName(RecommendService.Recommendations r) {
        String playlists = r.playlists().size() == 1 ? r.playlists().get(0).playlist() : "all playlists";
        return ("vibe " + r.vibe() + " picks for " + playlists + " from " + r.pool()).replaceAll("[^A-Za-z0-9 _.-]", "_") + ".csv";
    }
}
