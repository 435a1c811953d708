package dev.vibe.scoring.rest;

import dev.vibe.scoring.service.RecommendService;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.QueryParam;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The query of {@code GET /api/v1/vibes/{vibeId}/recommendations}: what to recommend and in which form. Its ranges are
 * Bean Validation constraints, checked by {@link QueryChecks} (each message is the one the API has always given).
 */
public record RecommendQuery(
        @Parameter(description = "one playlist of the vibe (name or id); all when absent")
        @QueryParam("playlist") String playlist,

        @Parameter(description = "all (default), stored, catalogue:NAME or playlist:ID")
        @QueryParam("pool") @DefaultValue("all") String pool,

        @Parameter(description = "songs per playlist (1 to 500)")
        @QueryParam("limit") @DefaultValue("20")
        @Min(value = 1, message = LIMIT) @Max(value = RecommendService.MAX_LIMIT, message = LIMIT) int limit,

        @Parameter(description = "songs to skip (paging)")
        @QueryParam("offset") @DefaultValue("0")
        @Min(value = 0, message = "must be 0 or more") int offset,

        @Parameter(description = "leave out songs below this probability")
        @QueryParam("minProbability") @DefaultValue("0")
        @DecimalMin(value = "0", message = PROBABILITY) @DecimalMax(value = "1", message = PROBABILITY) double minProbability,

        @Parameter(description = "only songs that fit this playlist at least this much more than any other")
        @QueryParam("minMargin")
        @DecimalMin(value = "-1", message = MARGIN) @DecimalMax(value = "1", message = MARGIN) Double minMargin,

        @Parameter(description = "at most this many songs by the same (first) artist")
        @QueryParam("perArtist")
        @Min(value = 1, message = "must be 1 or more") Integer perArtist,

        @Parameter(description = "explain each song")
        @QueryParam("explain") @DefaultValue("true") boolean explain,

        @Parameter(description = "csv for a CSV download (same as Accept: text/csv)")
        @QueryParam("format") String format) {

    static final String LIMIT = "must be between 1 and " + RecommendService.MAX_LIMIT;
    static final String PROBABILITY = "must be between 0 and 1";
    static final String MARGIN = "must be between -1 and 1";

    /** The detail of the problem when an option is out of range. */
    static final String OUT_OF_RANGE = "Some options are out of range; fix the fields listed in errors.";

    /** True if {@code format=csv}. */
    boolean csvFormat() {
        return "csv".equalsIgnoreCase(format);
    }

    /** What the service is asked (a CSV carries no explanations). */
    RecommendService.Request request(boolean csv) {
        return new RecommendService.Request(playlist, pool.strip(), offset, limit, minProbability, minMargin, perArtist, explain && !csv);
    }
}
