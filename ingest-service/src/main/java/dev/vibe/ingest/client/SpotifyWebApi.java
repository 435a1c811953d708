package dev.vibe.ingest.client;

import dev.vibe.common.problem.VibeException;
import dev.vibe.common.retry.AskedWait;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.ingest.config.SpotifyConfig;
import dev.vibe.spotify.SpotifyEndpoints;
import io.smallrye.faulttolerance.api.Guard;
import jakarta.enterprise.context.ApplicationScoped;
import org.apache.hc.core5.http.ParseException;
import org.jboss.logging.Logger;
import se.michaelthelin.spotify.SpotifyApi;
import se.michaelthelin.spotify.exceptions.SpotifyWebApiException;
import se.michaelthelin.spotify.exceptions.detailed.BadRequestException;
import se.michaelthelin.spotify.exceptions.detailed.ForbiddenException;
import se.michaelthelin.spotify.exceptions.detailed.NotFoundException;
import se.michaelthelin.spotify.exceptions.detailed.TooManyRequestsException;
import se.michaelthelin.spotify.exceptions.detailed.UnauthorizedException;

import java.io.IOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Spotify's Web API through spotify-web-api-java, pointed at the configured base URLs: tokens, calls with 429s
 * waited out as Retry-After asks (a SmallRye Fault Tolerance guard), and Spotify's errors turned into problems that say
 * what to do. Secrets and tokens never leave this class except to Spotify.
 */
@ApplicationScoped
public class SpotifyWebApi {

    static final int FEATURE_BATCH = 100;
    private static final Logger LOG = Logger.getLogger(SpotifyWebApi.class);

    private final SpotifyConfig config;
    private final SpotifyEndpoints endpoints;
    private final Guard rateLimits;

    public SpotifyWebApi(SpotifyConfig config) {
        this.config = config;
        this.endpoints = new SpotifyEndpoints(config.apiUrl(), config.accountsUrl(), 20_000);
        this.rateLimits = rateLimitGuard(config);
    }

    public SpotifyEndpoints endpoints() {
        return endpoints;
    }

    /** An app's client credentials; the secret never leaves this object except to Spotify. */
    public record Credentials(String clientId, String clientSecret) {
        @Override
        public String toString() {
            return "Credentials[clientId=" + clientId + ", clientSecret=***]";
        }
    }

    /** Spotify refused /audio-features to this app (HTTP 403): it is a development-mode app created after 2024-11-27. */
    public static final class FeaturesForbidden extends Exception {
        public FeaturesForbidden() {
            super("Spotify refuses audio features to this app (HTTP 403)");
        }
    }

    /** The credentials configured for the service (CLIENT_ID / CLIENT_SECRET), if both are set. */
    public Optional<Credentials> configuredCredentials() {
        Optional<String> id = config.clientId().filter(SpotifyWebApi::notBlank);
        Optional<String> secret = config.clientSecret().filter(SpotifyWebApi::notBlank);
        return id.isPresent() && secret.isPresent() ? Optional.of(new Credentials(id.get(), secret.get())) : Optional.empty();
    }

    /** A client authenticated with the client-credentials flow (apps with extended access read playlists with it). */
    public SpotifyApi withClientCredentials(Credentials c) {
        SpotifyApi api = endpoints.builder().setClientId(c.clientId()).setClientSecret(c.clientSecret()).build();
        var token = call(() -> api.clientCredentials().build().execute(), "token");
        api.setAccessToken(token.getAccessToken());
        return api;
    }

    /** A client that acts for the signed-in listener whose access token came with the request (used for that request only). */
    public SpotifyApi withUserToken(String accessToken) {
        return endpoints.withAccessToken(accessToken);
    }

    /**
     * Spotify's audio features of the given tracks (those it has), asked for in batches of 100.
     *
     * @throws FeaturesForbidden when Spotify answers 403 (apps created after 2024-11-27)
     */
    public Map<String, AudioFeatures> audioFeatures(SpotifyApi api, List<String> ids) throws FeaturesForbidden {
        Map<String, AudioFeatures> found = new HashMap<>();
        for (int i = 0; i < ids.size(); i += FEATURE_BATCH) {
            String[] batch = ids.subList(i, Math.min(ids.size(), i + FEATURE_BATCH)).toArray(String[]::new);
            List<SpotifyFeatures.Of> answer;
            try {
                answer = SpotifyFeatures.of(call(() -> api.getAudioFeaturesForSeveralTracks(batch).build().execute(), "audio features"));
            } catch (Forbidden e) {
                throw new FeaturesForbidden();
            }
            for (SpotifyFeatures.Of a : answer) {
                try {
                    found.put(a.id(), AudioFeatures.of(a.values()));
                } catch (AudioFeatures.InvalidFeaturesException e) {
                    LOG.warnf("Spotify's features of %s are unusable (%s); the song is left to the other sources", a.id(), e.getMessage());
                }
            }
        }
        return found;
    }

    /** A Spotify call that throws its checked exceptions. */
    @FunctionalInterface
    public interface SpotifyCall<T> {
        T run() throws IOException, SpotifyWebApiException, ParseException;
    }

    /** Spotify answered 403 to a call. */
    public static final class Forbidden extends VibeException.UpstreamFailed {
        Forbidden(String detail) {
            super("Spotify refused the request", detail);
        }
    }

    /** Runs a call, waiting out 429s, and turns Spotify's errors into problems that say what to do. */
    @SuppressWarnings("unchecked")
    public <T> T call(SpotifyCall<T> call, String what) {
        int[] attempts = {0};
        try {
            return (T) rateLimits.call(() -> {
                attempts[0]++;
                try {
                    return call.run();
                } catch (TooManyRequestsException e) {
                    throw new RateLimited(what, Math.max(1, e.getRetryAfter()), attempts[0]);
                }
            }, Object.class);
        } catch (RateLimited e) {
            throw new VibeException.Unavailable("Spotify rate limit", "Spotify asks to wait " + e.seconds + " s before more requests (HTTP 429). "
                    + "Try the import again after that.");
        } catch (UnauthorizedException | BadRequestException e) {
            if (!"token".equals(what) && e instanceof BadRequestException) {
                throw new VibeException.UpstreamFailed("Spotify rejected the request", "Spotify answered 400 to the " + what + " request: " + e.getMessage());
            }
            if (!"token".equals(what)) {
                throw new VibeException.UpstreamFailed("Spotify rejected the access token", "Spotify rejected the access token (HTTP 401: "
                        + e.getMessage() + "). Sign in again (./vibe login) and import again.");
            }
            throw new VibeException.UpstreamFailed("Spotify rejected the credentials", "Spotify rejected the client credentials (HTTP "
                    + (e instanceof UnauthorizedException ? 401 : 400) + "): check CLIENT_ID and CLIENT_SECRET of your Spotify app "
                    + "(developer.spotify.com/dashboard).");
        } catch (ForbiddenException e) {
            throw new Forbidden("Spotify refused the " + what + " request (HTTP 403): " + e.getMessage());
        } catch (NotFoundException e) {
            throw new VibeException.NotFound("Spotify has no " + what + " (HTTP 404). Check the id (./vibe playlists lists yours).");
        } catch (SpotifyWebApiException | ParseException e) {
            throw new VibeException.UpstreamFailed("Spotify error", "Spotify answered the " + what + " request with an error: " + e.getMessage());
        } catch (IOException e) {
            throw new VibeException.UpstreamFailed("Spotify unreachable", "Cannot reach Spotify at " + config.apiUrl() + " (" + e.getMessage()
                    + "). Check the network, or import an Exportify CSV instead.");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new VibeException.Unavailable("Interrupted", "The import was interrupted; try again.");
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("unexpected failure of the Spotify " + what + " request", e);
        }
    }

    /** Spotify answered 429: the call is made again after {@code seconds} (Retry-After), within the configured limits. */
    private static final class RateLimited extends AskedWait.Wait {
        final String what;
        final int seconds;
        final int attempt;

        RateLimited(String what, int seconds, int attempt) {
            super("Spotify asks to wait " + seconds + " s", seconds * 1000L);
            this.what = what;
            this.seconds = seconds;
            this.attempt = attempt;
        }
    }

    /** Makes a call again after each 429 whose Retry-After is within the limit, at most {@code maxRetries} times per call. */
    private static Guard rateLimitGuard(SpotifyConfig config) {
        return AskedWait.guard(config.maxRetries(), RateLimited.class, r -> r.seconds <= config.maxRetryAfterSeconds(),
                r -> LOG.infof("Spotify rate limit on %s: waiting %d s as Retry-After asks (retry %d of %d)", r.what, r.seconds, r.attempt,
                        config.maxRetries()));
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
