package dev.vibe.scoring.rest;

import dev.vibe.scoring.domain.CandidateSongs;
import dev.vibe.scoring.service.RecommendService;
import io.smallrye.common.annotation.Blocking;
import jakarta.ws.rs.BeanParam;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

import java.util.List;

/** What else fits: the songs of a pool that fit each playlist of a vibe best. */
@Path("/api/v1")
public class RecommendResource {

    private final RecommendService recommend;
    private final CandidateSongs candidates;
    private final QueryChecks checks;

    public RecommendResource(RecommendService recommend, CandidateSongs candidates, QueryChecks checks) {
        this.recommend = recommend;
        this.candidates = candidates;
        this.checks = checks;
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
    @Produces({MediaType.APPLICATION_JSON, RecommendationsCsv.CSV})
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
    public Response recommendations(@PathParam("vibeId") String vibeId, @BeanParam RecommendQuery query, @Context HttpHeaders headers) {
        boolean csv = query.csvFormat() || (query.format() == null && headers.getAcceptableMediaTypes().stream()
                .anyMatch(m -> m.isCompatible(RecommendationsCsv.CSV_TYPE) && !m.isWildcardType()));
        RecommendService.Recommendations r = recommend.recommend(vibeId, checks.check(query, RecommendQuery.OUT_OF_RANGE).request(csv));
        // the CSV form (and its file name) is written by RecommendationsCsv
        return Response.ok(r, csv ? RecommendationsCsv.CSV + "; charset=utf-8" : MediaType.APPLICATION_JSON).build();
    }
}
