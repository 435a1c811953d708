package dev.vibe.ingest.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vibe.common.csv.SpotifyIds;
import dev.vibe.common.retry.AskedWait;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.common.schema.Feature;
import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.common.schema.FeatureValues;
import io.smallrye.faulttolerance.api.Guard;
import org.jboss.logging.Logger;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ReccoBeats' audio-features API, a free feature source that answers where Spotify no longer does:
 * {@code GET /v1/audio-features?ids=<Spotify ids, comma separated>} answers
 * {@code {"content":[{"id", "href":"https://open.spotify.com/track/<Spotify id>", "danceability", ...}]}}, leaving
 * out the ids it does not know, so answers are matched by {@code href}. It has no duration and no time signature.
 *
 * <p>Ids go in batches (ReccoBeats' clients use 40); a 429 is waited out as its Retry-After says, a 5xx or a broken
 * connection is tried twice more, and nothing is waited for past the caller's deadline: ids that got no answer are
 * reported as such, so an import can store what it has and say what is missing. The waiting and asking again is a
 * SmallRye Fault Tolerance guard; each attempt says whether and after how long to try again.
 */
public final class ReccoBeatsClient {

    private static final Logger LOG = Logger.getLogger(ReccoBeatsClient.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Feature> SERVED = List.of(Feature.DANCEABILITY, Feature.ENERGY, Feature.KEY, Feature.LOUDNESS, Feature.MODE,
            Feature.SPEECHINESS, Feature.ACOUSTICNESS, Feature.INSTRUMENTALNESS, Feature.LIVENESS, Feature.VALENCE, Feature.TEMPO);
    private static final int RETRIES = 2;
    /**
     * Asks a batch again for as long as an attempt says {@link TryAgain}, after the wait it names: the attempt decides
     * (a 429's Retry-After within the limits, two more tries after a 5xx or a broken connection, the deadline).
     */
    private static final Guard RETRY = AskedWait.guard(-1, TryAgain.class, again -> true, again -> { });

    private final URI base;
    private final int batchSize;
    private final Duration maxRetryAfter;
    private final HttpClient http;

    /**
     * What ReccoBeats said about a list of ids.
     *
     * @param found      features by Spotify id (11 of the 13: no duration, no time signature)
     * @param unknown    ids ReccoBeats answered for but does not know
     * @param unusable   ids whose features ReccoBeats gave out of range, with the reason
     * @param unanswered ids whose batch got no answer (rate limit past the deadline, errors)
     * @param problem    why some ids are unanswered, in plain words; null when every batch was answered
     */
    public record Answer(Map<String, FeatureValues> found, Set<String> unknown, Map<String, String> unusable, Set<String> unanswered,
                         String problem) {
    }

    public ReccoBeatsClient(URI base, int batchSize, Duration maxRetryAfter, Duration requestTimeout) {
        this.base = URI.create(base.toString().replaceAll("/+$", ""));
        this.batchSize = batchSize;
        this.maxRetryAfter = maxRetryAfter;
        this.http = HttpClient.newBuilder().connectTimeout(requestTimeout).build();
    }

    /** Features of the given Spotify track ids, asked for until {@code deadline}. */
    public Answer features(List<String> spotifyIds, Instant deadline) {
        Map<String, FeatureValues> found = new LinkedHashMap<>();
        Set<String> unknown = new LinkedHashSet<>();
        Map<String, String> unusable = new LinkedHashMap<>();
        Set<String> unanswered = new LinkedHashSet<>();
        String problem = null;
        for (int from = 0; from < spotifyIds.size(); from += batchSize) {
            List<String> batch = spotifyIds.subList(from, Math.min(spotifyIds.size(), from + batchSize));
            if (problem != null) {
                unanswered.addAll(batch);
                continue;
            }
            try {
                JsonNode body = fetch(batch, deadline);
                Map<String, FeatureValues> answered = parse(body, unusable);
                for (String id : batch) {
                    if (answered.containsKey(id)) {
                        found.put(id, answered.get(id));
                    } else if (!unusable.containsKey(id)) {
                        unknown.add(id);
                    }
                }
            } catch (NoAnswer e) {
                problem = e.getMessage();
                unanswered.addAll(batch);
                LOG.warnf("ReccoBeats: %s; %d ids left without features", problem, spotifyIds.size() - from);
            }
        }
        return new Answer(found, unknown, unusable, unanswered, problem);
    }

    private JsonNode fetch(List<String> batch, Instant deadline) throws NoAnswer {
        URI uri = URI.create(base + "/v1/audio-features?ids=" + String.join(",", batch));
        int[] failures = {0};
        try {
            return (JsonNode) RETRY.call(() -> ask(uri, deadline, failures), Object.class);
        } catch (NoAnswer e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoAnswer("the import was interrupted");
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException("unexpected failure asking ReccoBeats", e); // ask throws no other checked exception
        }
    }

    /**
     * One request for a batch: its answer, {@link TryAgain} with the wait before the next attempt, or {@link NoAnswer}.
     * {@code failures} counts this batch's 5xx answers and broken connections.
     */
    private JsonNode ask(URI uri, Instant deadline, int[] failures) throws NoAnswer, TryAgain {
        Duration left = Duration.between(Instant.now(), deadline);
        if (left.isNegative() || left.isZero()) {
            throw new NoAnswer("it did not answer within the time budget of the import");
        }
        HttpRequest request = HttpRequest.newBuilder(uri).header("Accept", "application/json").timeout(left).GET().build();
        HttpResponse<byte[]> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            if (++failures[0] > RETRIES) {
                throw new NoAnswer("it cannot be reached at " + base + " (" + e.getClass().getSimpleName() + ")");
            }
            throw new TryAgain(Duration.ofMillis(250L << failures[0]), deadline);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NoAnswer("the import was interrupted");
        }
        int status = response.statusCode();
        if (status == 200) {
            try {
                return JSON.readTree(response.body());
            } catch (IOException e) {
                throw new NoAnswer("it answered with something that is not JSON");
            }
        }
        if (status == 429) {
            Duration wait = retryAfter(response);
            if (wait.compareTo(maxRetryAfter) > 0 || Instant.now().plus(wait).isAfter(deadline)) {
                throw new NoAnswer("it asks to wait " + wait.toSeconds() + " s (rate limit), longer than the import may take");
            }
            LOG.infof("ReccoBeats rate limit: waiting %d s as Retry-After asks", wait.toSeconds());
            throw new TryAgain(wait, deadline);
        }
        if (status >= 500 && ++failures[0] <= RETRIES) {
            throw new TryAgain(Duration.ofMillis(250L << failures[0]), deadline);
        }
        throw new NoAnswer("it answered HTTP " + status);
    }

    /** Features by Spotify id from an answer; features out of range go to {@code unusable}. */
    static Map<String, FeatureValues> parse(JsonNode body, Map<String, String> unusable) {
        Map<String, FeatureValues> out = new LinkedHashMap<>();
        for (JsonNode item : body.path("content")) {
            String id = SpotifyIds.parse(item.path("href").asText("")).filter(r -> r.kind().equals("track")).map(SpotifyIds.Ref::id).orElse(null);
            if (id == null) {
                continue;
            }
            double[] v = new double[FeatureSchema.SIZE];
            Arrays.fill(v, Double.NaN);
            List<String> missing = new ArrayList<>();
            for (Feature f : SERVED) {
                JsonNode n = item.get(f.key());
                if (n == null || !n.isNumber()) {
                    missing.add(f.key());
                } else {
                    v[f.index()] = n.asDouble();
                }
            }
            try {
                if (!missing.isEmpty()) {
                    throw new AudioFeatures.InvalidFeaturesException(List.of("no " + String.join(", ", missing)));
                }
                out.put(id, FeatureValues.of(v));
            } catch (AudioFeatures.InvalidFeaturesException e) {
                unusable.put(id, "ReccoBeats' features of it are unusable: " + e.getMessage());
            }
        }
        return out;
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        try {
            return Duration.ofSeconds(Math.max(1, Long.parseLong(response.headers().firstValue("Retry-After").orElse("1").strip())));
        } catch (NumberFormatException e) {
            return Duration.ofSeconds(1);
        }
    }

    /** A batch that got no answer; the message says why, in plain words. */
    private static final class NoAnswer extends Exception {
        NoAnswer(String message) {
            super(message);
        }
    }

    /** The batch is asked again after the wait (a Retry-After, or a pause after an error; never past the deadline). */
    private static final class TryAgain extends AskedWait.Wait {
        TryAgain(Duration wait, Instant deadline) {
            super(null, Math.min(wait.toMillis(), Duration.between(Instant.now(), deadline).toMillis()));
        }
    }
}
