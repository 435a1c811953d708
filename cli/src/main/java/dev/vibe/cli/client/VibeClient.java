package dev.vibe.cli.client;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vibe.common.json.EventJson;
import dev.vibe.stack.StackConfig;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The CLI's HTTP client for the ingest and scoring services. Service URLs: VIBE_INGEST_URL / VIBE_SCORING_URL, or
 * the local stack's ports. Errors become one-line messages that say what to do.
 */
public final class VibeClient {

    /** A failed call, already phrased for the user. */
    public static final class CallFailed extends RuntimeException {
        private final int status;

        CallFailed(int status, String message) {
            super(message);
            this.status = status;
        }

        /** The HTTP status, or -1 when the service could not be reached. */
        public int status() {
            return status;
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    private final String ingest;
    private final String scoring;

    public VibeClient(StackConfig config) {
        this.ingest = env("VIBE_INGEST_URL", config.service("ingest").baseUrl());
        this.scoring = env("VIBE_SCORING_URL", config.service("scoring").baseUrl());
    }

    public JsonNode ingestPost(String path, String contentType, byte[] body) {
        return ingestPost(path, contentType, body, Map.of());
    }

    /** A POST to ingest with extra headers (the listener's Spotify token for one import). */
    public JsonNode ingestPost(String path, String contentType, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(ingest + path)).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(ingest, "ingest", request);
    }

    public JsonNode ingestGet(String path) {
        return send(ingest, "ingest", HttpRequest.newBuilder(URI.create(ingest + path)).GET());
    }

    public JsonNode scoringPost(String path, Object body) {
        return send(scoring, "scoring", HttpRequest.newBuilder(URI.create(scoring + path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(EventJson.write(body))));
    }

    public JsonNode scoringGet(String path) {
        return send(scoring, "scoring", HttpRequest.newBuilder(URI.create(scoring + path)).GET());
    }

    /** A GET on scoring whose answer is text (a CSV download); errors as for JSON calls. */
    public String scoringText(String path, String accept) {
        HttpResponse<byte[]> r = exchange(scoring, "scoring", HttpRequest.newBuilder(URI.create(scoring + path)).header("Accept", accept).GET());
        if (r.statusCode() >= 400) {
            throw new CallFailed(r.statusCode(), problem(parse(r.body()), r.statusCode()));
        }
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    private JsonNode send(String base, String service, HttpRequest.Builder request) {
        HttpResponse<byte[]> r = exchange(base, service, request);
        JsonNode body = parse(r.body());
        if (r.statusCode() >= 400) {
            throw new CallFailed(r.statusCode(), problem(body, r.statusCode()));
        }
        return body;
    }

    private static JsonNode parse(byte[] body) {
        try {
            return body.length == 0 ? EventJson.MAPPER.nullNode() : EventJson.MAPPER.readTree(body);
        } catch (IOException e) {
            return EventJson.MAPPER.nullNode();
        }
    }

    private HttpResponse<byte[]> exchange(String base, String service, HttpRequest.Builder request) {
        // with vibe.api-key set every /api/v1 call of every service needs it, reads too
        String key = System.getenv("VIBE_API_KEY");
        if (key != null && !key.isBlank()) {
            request.header("X-API-Key", key.strip());
        }
        HttpResponse<byte[]> r;
        try {
            r = http.send(request.timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (ConnectException e) {
            throw new CallFailed(-1, "the " + service + " service is not running at " + base + ": start the local stack with ./vibe up");
        } catch (IOException e) {
            throw new CallFailed(-1, "cannot talk to the " + service + " service at " + base + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallFailed(-1, "interrupted");
        }
        return r;
    }

    /** "detail (first error: field message)". */
    static String problem(JsonNode p, int status) {
        String detail = p.hasNonNull("detail") ? p.get("detail").asText() : "HTTP " + status;
        JsonNode errors = p.get("errors");
        if (errors != null && errors.size() > 0) {
            JsonNode e = errors.get(0);
            detail += " (" + e.path("field").asText() + ": " + e.path("message").asText()
                    + (errors.size() > 1 ? "; and " + (errors.size() - 1) + " more" : "") + ")";
        }
        return detail;
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v.replaceAll("/+$", "");
    }
}
