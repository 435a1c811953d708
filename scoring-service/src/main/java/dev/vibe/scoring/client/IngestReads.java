package dev.vibe.scoring.client;

import dev.vibe.common.api.PlaylistDetail;
import dev.vibe.common.problem.VibeException;
import jakarta.ws.rs.WebApplicationException;
import org.jboss.logging.Logger;

import java.util.function.Function;
import java.util.function.Supplier;

/** One way to read from ingest and say what went wrong: its 404 as the caller wants it, other answers 502, no answer 503. */
public final class IngestReads {

    private static final Logger LOG = Logger.getLogger(IngestReads.class);

    private IngestReads() {
    }

    /**
     * @param what     what is read, for the messages ("playlist x")
     * @param instead  what the caller can do while ingest is unreachable
     * @param notFound the error for ingest's 404
     */
    public static <T> T read(Supplier<T> call, String what, String instead, Supplier<VibeException> notFound) {
        try {
            return call.get();
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() == 404) {
                throw notFound.get();
            }
            throw new VibeException.UpstreamFailed("Ingest error", "The ingest service answered " + e.getResponse().getStatus() + " for " + what);
        } catch (RuntimeException e) {
            LOG.debugf("ingest unreachable while reading %s: %s", what, e.getMessage());
            throw new VibeException.Unavailable("Ingest unavailable", "Cannot reach the ingest service to read " + what + "; " + instead);
        }
    }

    /**
     * A playlist stored in ingest.
     *
     * @param unknown the error for a playlist ingest does not have, from the sentence that says so and what to do
     */
    public static PlaylistDetail playlist(IngestClient ingest, String id, String instead, Function<String, VibeException> unknown) {
        return read(() -> ingest.playlist(id), "playlist " + id, instead,
                () -> unknown.apply("No stored playlist '" + id + "'. Import it first (POST /api/v1/playlists/exportify on ingest)."));
    }
}
