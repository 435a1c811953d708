package dev.vibe.fakes;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.common.schema.Feature;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import java.nio.charset.StandardCharsets;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A local server that answers like ReccoBeats' audio-features API does today:
 * {@code GET /v1/audio-features?ids=a,b,c} gives {@code {"content":[...]}} with one entry per id it knows, in its own
 * order, each with ReccoBeats' own UUID as {@code id}, the Spotify link as {@code href} and 11 features (no duration,
 * no time signature); ids it does not know are simply left out; more than 40 ids is a 400. Tests teach it songs and
 * can make it answer 429 (with Retry-After) or 500 once.
 */
public final class FakeReccoBeats implements AutoCloseable {

    public static final int MAX_IDS = 40;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<Feature> SERVED = List.of(Feature.ACOUSTICNESS, Feature.DANCEABILITY, Feature.ENERGY, Feature.INSTRUMENTALNESS,
            Feature.KEY, Feature.LIVENESS, Feature.LOUDNESS, Feature.MODE, Feature.SPEECHINESS, Feature.TEMPO, Feature.VALENCE);

    private final Map<String, AudioFeatures> known = new ConcurrentHashMap<>();
    private final WireMockServer server;
    private int onceCounter;

    private FakeReccoBeats() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(new Answer()));
        server.start();
        reset();
    }

    public static FakeReccoBeats start() {
        return new FakeReccoBeats();
    }

    public String baseUrl() {
        return server.baseUrl();
    }

    /** ReccoBeats knows this song (it serves 11 of its features). */
    public FakeReccoBeats knows(String spotifyId, AudioFeatures features) {
        known.put(spotifyId, features);
        return this;
    }

    /** The next request is answered 429 with this Retry-After, the ones after it as usual. */
    public FakeReccoBeats rateLimitOnce(int retryAfterSeconds) {
        return once(aResponse().withStatus(429).withHeader("Retry-After", Integer.toString(retryAfterSeconds))
                .withHeader("Content-Type", "application/json").withBody("{\"error\":\"Too Many Requests\"}"));
    }

    /** The next request is answered with this server error, the ones after it as usual. */
    public FakeReccoBeats failOnce(int status) {
        return once(aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody("{\"error\":\"Internal Server Error\"}"));
    }

    /** Every request is answered 429 with this Retry-After. */
    public FakeReccoBeats alwaysRateLimited(int retryAfterSeconds) {
        server.stubFor(get(urlPathEqualTo("/v1/audio-features")).atPriority(1)
                .willReturn(aResponse().withStatus(429).withHeader("Retry-After", Integer.toString(retryAfterSeconds))));
        return this;
    }

    private synchronized FakeReccoBeats once(ResponseDefinitionBuilder response) {
        // a chain of one-shot states: each "once" answers the request after the previous one
        String scenario = "once";
        String from = onceCounter == 0 ? Scenario.STARTED : "after-" + onceCounter;
        onceCounter++;
        server.stubFor(get(urlPathEqualTo("/v1/audio-features")).atPriority(1).inScenario(scenario).whenScenarioStateIs(from)
                .willReturn(response).willSetStateTo("after-" + onceCounter));
        return this;
    }

    /** The ids of every audio-features request so far, one list per request. */
    public List<List<String>> requests() {
        return server.findAll(getRequestedFor(urlPathEqualTo("/v1/audio-features"))).stream()
                .map(r -> Arrays.asList(r.queryParameter("ids").firstValue().split(","))).toList();
    }

    /** Forgets requests, songs and one-shot answers. */
    public synchronized void reset() {
        server.resetAll();
        known.clear();
        onceCounter = 0;
        server.stubFor(get(urlPathEqualTo("/v1/audio-features")).atPriority(5).willReturn(aResponse().withTransformers(Answer.NAME)));
    }

    @Override
    public void close() {
        server.stop();
    }

    /** Builds the answer from the songs the fake knows. */
    private final class Answer implements ResponseDefinitionTransformerV2 {
        static final String NAME = "reccobeats-audio-features";

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            var ids = event.getRequest().queryParameter("ids");
            if (!ids.isPresent() || ids.firstValue().isBlank()) {
                return json(400, "{\"error\":\"ids is required\"}");
            }
            List<String> asked = Arrays.asList(ids.firstValue().split(","));
            if (asked.size() > MAX_IDS) {
                return json(400, "{\"error\":\"at most " + MAX_IDS + " ids\"}");
            }
            ObjectNode body = JSON.createObjectNode();
            ArrayNode content = body.putArray("content");
            // ReccoBeats answers in its own order: known songs sorted by their ReccoBeats id
            asked.stream().filter(known::containsKey).sorted((a, b) -> uuid(a).compareTo(uuid(b))).forEach(id -> {
                AudioFeatures f = known.get(id);
                ObjectNode o = content.addObject();
                o.put("id", uuid(id)).put("href", "https://open.spotify.com/track/" + id);
                for (Feature feature : SERVED) {
                    double v = f.get(feature);
                    if (feature.integral()) {
                        o.put(feature.key(), (long) v);
                    } else {
                        o.put(feature.key(), v);
                    }
                }
            });
            return json(200, body.toString());
        }

        private ResponseDefinition json(int status, String body) {
            return new ResponseDefinitionBuilder().withStatus(status)
                    .withHeader("Content-Type", "application/json").withBody(body).build();
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public String getName() {
            return NAME;
        }
    }

    private static String uuid(String spotifyId) {
        return UUID.nameUUIDFromBytes(spotifyId.getBytes(StandardCharsets.UTF_8)).toString();
    }
}
