package dev.vibe.scoring.client;

import dev.vibe.common.api.VibeView;
import dev.vibe.common.problem.VibeException;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.WebApplicationException;
import org.eclipse.microprofile.rest.client.inject.RestClient;
import org.jboss.logging.Logger;

/** Why a vibe has no model yet: asks ingest, which follows each vibe's training. */
@ApplicationScoped
public class VibeStatusLookup {

    private static final Logger LOG = Logger.getLogger(VibeStatusLookup.class);

    private final IngestClient ingest;

    public VibeStatusLookup(@RestClient IngestClient ingest) {
        this.ingest = ingest;
    }

    /** 409 with the status if the vibe exists but has no model yet (or failed), else 404. */
    public VibeException noModel(String vibeId) {
        VibeView vibe;
        try {
            vibe = ingest.vibe(vibeId);
        } catch (WebApplicationException e) {
            return unknown(vibeId);
        } catch (RuntimeException e) {
            LOG.debugf("ingest unreachable while looking up vibe %s: %s", vibeId, e.getMessage());
            return unknown(vibeId);
        }
        String status = vibe.status() == null ? "UNKNOWN" : vibe.status().name();
        String detail = switch (status) {
            case "FAILED" -> "Training of vibe '" + vibeId + "' failed: " + vibe.message() + ". Fix the playlists and learn the vibe again.";
            case "READY" -> "Vibe '" + vibeId + "' is READY but its model is not in the registry yet; try again in a moment.";
            default -> "Vibe '" + vibeId + "' is " + status + (vibe.message() == null || vibe.message().isBlank() ? "" : " (" + vibe.message() + ")")
                    + "; score it when its status is READY (GET /api/v1/vibes/" + vibeId + " on the ingest service).";
        };
        return new VibeException.Conflict("Vibe not ready", detail + " [status: " + status + "]");
    }

    private static VibeException unknown(String vibeId) {
        return new VibeException.NotFound("No vibe '" + vibeId + "'. Learn one first: POST /api/v1/vibes on the ingest service (or ./vibe train).");
    }
}
