package dev.vibe.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.common.schema.Feature;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.math.BigInteger;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static dev.vibe.fakes.SpotifyResponses.JSON;
import static dev.vibe.fakes.SpotifyResponses.encode;
import static dev.vibe.fakes.SpotifyResponses.error;
import static dev.vibe.fakes.SpotifyResponses.form;
import static dev.vibe.fakes.SpotifyResponses.json;
import static dev.vibe.fakes.SpotifyResponses.read;

/**
 * A local server that answers as Spotify's accounts service and Web API do for a development-mode app in 2026:
 * <ul>
 *   <li>{@code GET /authorize} signs the fake's listener in at once and redirects to the app's loopback callback with a
 *       code and the state (only {@code http://127.0.0.1:PORT/...} redirect URIs, PKCE S256 required);</li>
 *   <li>{@code POST /api/token}: client credentials (with the secret), authorization code with PKCE (the verifier is
 *       checked against the S256 challenge and the redirect URI against the authorize request), refresh (rotating
 *       the refresh token); access tokens expire;</li>
 *   <li>{@code GET /v1/me}, {@code GET /v1/me/playlists} (limit at most 50, song counts under {@code items});</li>
 *   <li>{@code GET /v1/playlists/{id}/items}: a user token and a playlist that user owns or collaborates on, limit at most
 *       50, each entry's object under {@code item}; an app token or someone else's playlist is 403;</li>
 *   <li>{@code GET /v1/playlists/{id}/tracks} and {@code /v1/audio-features}: 403 (unless the app is a legacy one);</li>
 *   <li>{@code POST /v1/me/playlists}, {@code POST /v1/playlists/{id}/items} (at most 100 URIs).</li>
 * </ul>
 * Tests add listeners, playlists and misbehaviour (one 429 with Retry-After). The accounts side (the first two) is
 * {@link FakeSpotifyAccounts}; both answer on one port.
 */
public final class FakeSpotify implements AutoCloseable {

    public static final String CLIENT_ID = "vibetestclient0000000000000000ab";
    public static final String CLIENT_SECRET = "fake-client-secret-never-shown";
    public static final String LISTENER = "listener";

    /** One song on a playlist: a track, a local file, an episode, or an item Spotify no longer serves (null). */
    public record Item(String id, String name, List<String> artists, String album, long durationMs, String kind) {
        public static Item track(String id, String name, List<String> artists, String album, long durationMs) {
            return new Item(id, name, artists, album, durationMs, "track");
        }

        public static Item local(String name) {
            return new Item(null, name, List.of("Someone"), "Demos", 200_000, "local");
        }

        public static Item episode(String id, String name) {
            return new Item(id, name, List.of(), "", 1_800_000, "episode");
        }

        public static Item unavailable() {
            return new Item(null, null, List.of(), "", 0, "unavailable");
        }
    }

    private record Playlist(String id, String name, String owner, boolean collaborative, Set<String> followers, List<Item> items) {
    }

    private final WireMockServer server;
    private final Map<String, String> users = new ConcurrentHashMap<>();
    private final Map<String, Playlist> playlists = new ConcurrentHashMap<>();
    private final FakeSpotifyAccounts accounts = new FakeSpotifyAccounts();
    private final Map<String, AudioFeatures> audioFeatures = new ConcurrentHashMap<>();
    private final AtomicInteger onceCounter = new AtomicInteger();
    private volatile boolean legacyApp;

    private FakeSpotify() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(new Api()));
        server.start();
        reset();
    }

    public static FakeSpotify start() {
        return new FakeSpotify();
    }

    /** The base URL of both the accounts service and the Web API. */
    public String baseUrl() {
        return server.baseUrl();
    }

    /** Forgets listeners, playlists, tokens, requests and one-shot answers; the listener {@value #LISTENER} remains. */
    public void reset() {
        server.resetAll();
        users.clear();
        playlists.clear();
        accounts.reset();
        audioFeatures.clear();
        onceCounter.set(0);
        legacyApp = false;
        users.put(LISTENER, "A Listener");
        server.stubFor(any(anyUrl()).atPriority(10).willReturn(aResponse().withTransformers(Api.NAME)));
    }

    /** A listener who may sign in; {@link #signIn} chooses who the authorize page signs in. */
    public FakeSpotify user(String id, String displayName) {
        users.put(id, displayName);
        return this;
    }

    public FakeSpotify signIn(String userId) {
        accounts.signIn(userId);
        return this;
    }

    /** A playlist owned by {@code owner}; others may follow it. */
    public FakeSpotify playlist(String id, String name, String owner, List<Item> items, String... followers) {
        playlists.put(id, new Playlist(id, name, owner, false, Set.of(followers), new ArrayList<>(items)));
        return this;
    }

    /** The items of a playlist, as stored (for checking what was added). */
    public List<Item> items(String playlistId) {
        return List.copyOf(playlists.get(playlistId).items());
    }

    /** Playlists owned by {@code owner}, by name. */
    public Map<String, String> playlistsOwnedBy(String owner) {
        Map<String, String> out = new LinkedHashMap<>();
        playlists.values().stream().filter(p -> p.owner().equals(owner)).forEach(p -> out.put(p.id(), p.name()));
        return out;
    }

    /** An app created before 27 November 2024: /audio-features answers it with these songs' features. */
    public FakeSpotify legacyApp(Map<String, AudioFeatures> features) {
        legacyApp = true;
        audioFeatures.putAll(features);
        return this;
    }

    public FakeSpotify tokenLifetime(Duration lifetime) {
        accounts.tokenLifetime(lifetime);
        return this;
    }

    /** Moves the fake's clock (tokens expire by it). */
    public FakeSpotify advanceClock(Duration by) {
        accounts.advanceClock(by);
        return this;
    }

    /** A user access token as the PKCE sign-in would give, for tests that do not play the browser. */
    public String userToken(String user) {
        return accounts.userToken(user);
    }

    /** The next request whose path matches {@code pathRegex} is answered 429 with this Retry-After. */
    public FakeSpotify rateLimitOnce(String pathRegex, int retryAfterSeconds) {
        String scenario = "once-" + onceCounter.incrementAndGet();
        server.stubFor(any(urlPathMatching(pathRegex)).atPriority(1).inScenario(scenario).whenScenarioStateIs(Scenario.STARTED)
                .willReturn(error(429, "API rate limit exceeded").withHeader("Retry-After", Integer.toString(retryAfterSeconds)))
                .willSetStateTo("done"));
        return this;
    }

    /** Requests whose path matches {@code pathRegex}, in order. */
    public List<LoggedRequest> requests(String pathRegex) {
        return server.findAll(anyRequestedFor(urlPathMatching(pathRegex)));
    }

    /** Every request so far (to check that no secret or token went where it should not). */
    public List<LoggedRequest> allRequests() {
        return server.findAll(anyRequestedFor(anyUrl()));
    }

    @Override
    public void close() {
        server.stop();
    }

    /** The fake's behaviour: one transformer that answers every request Spotify's way. */
    private final class Api implements ResponseDefinitionTransformerV2 {
        static final String NAME = "fake-spotify";

        @Override
        public String getName() {
            return NAME;
        }

        @Override
        public boolean applyGlobally() {
            return false;
        }

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            Request r = event.getRequest();
            URI uri = URI.create(r.getUrl());
            String path = uri.getPath();
            Map<String, String> query = form(uri.getRawQuery());
            String method = r.getMethod().getName();
            try {
                if (path.equals("/authorize") && method.equals("GET")) {
                    return accounts.authorize(query);
                }
                if (path.equals("/api/token") && method.equals("POST")) {
                    return accounts.token(r);
                }
                if (!path.startsWith("/v1/")) {
                    return error(404, "Service not found").build();
                }
                Object auth = accounts.bearer(r);
                if (auth instanceof ResponseDefinition refusal) {
                    return refusal;
                }
                FakeSpotifyAccounts.Token token = (FakeSpotifyAccounts.Token) auth;
                if (path.equals("/v1/me") && method.equals("GET")) {
                    if (!token.isUser()) {
                        return error(401, "This request requires user authentication.").build();
                    }
                    return json(200, user(token.user()));
                }
                if (path.equals("/v1/me/playlists") && method.equals("GET")) {
                    return myPlaylists(token, query);
                }
                if (path.equals("/v1/me/playlists") && method.equals("POST")) {
                    return createPlaylist(token, r);
                }
                if (path.equals("/v1/audio-features")) {
                    return audioFeatures(query);
                }
                String[] parts = path.split("/");
                if (parts.length >= 4 && parts[2].equals("playlists")) {
                    Playlist p = playlists.get(parts[3]);
                    if (p == null) {
                        return error(404, "Resource not found").build();
                    }
                    if (parts.length == 4 && method.equals("GET")) {
                        return json(200, playlist(p));
                    }
                    if (parts.length == 5 && parts[4].equals("tracks")) {
                        return error(403, "Forbidden").build(); // replaced by /items in February 2026
                    }
                    if (parts.length == 5 && parts[4].equals("items") && method.equals("GET")) {
                        return items(token, p, query);
                    }
                    if (parts.length == 5 && parts[4].equals("items") && method.equals("POST")) {
                        return addItems(token, p, r);
                    }
                }
                return error(404, "Service not found").build();
            } catch (RuntimeException e) {
                return error(400, "Bad request: " + e.getMessage()).build();
            }
        }

        private ResponseDefinition myPlaylists(FakeSpotifyAccounts.Token t, Map<String, String> q) {
            if (!t.isUser()) {
                return error(401, "This request requires user authentication.").build();
            }
            int limit = Integer.parseInt(q.getOrDefault("limit", "20"));
            int offset = Integer.parseInt(q.getOrDefault("offset", "0"));
            if (limit < 1 || limit > 50) {
                return error(400, "Invalid limit").build();
            }
            List<Playlist> mine = playlists.values().stream()
                    .filter(p -> p.owner().equals(t.user()) || p.followers().contains(t.user()))
                    .sorted((a, b) -> a.id().compareTo(b.id())).toList();
            return json(200, page("/v1/me/playlists", mine.stream().map(p -> (JsonNode) simplified(p)).toList(), limit, offset, ""));
        }

        private ResponseDefinition items(FakeSpotifyAccounts.Token t, Playlist p, Map<String, String> q) {
            if (!t.isUser()) {
                return error(403, "Forbidden: playlist items need a user access token").build();
            }
            if (!p.owner().equals(t.user()) && !p.collaborative()) {
                return error(403, "Forbidden: you can only read the items of playlists you own or collaborate on").build();
            }
            int limit = Integer.parseInt(q.getOrDefault("limit", "20"));
            int offset = Integer.parseInt(q.getOrDefault("offset", "0"));
            if (limit < 1 || limit > 50) {
                return error(400, "Invalid limit").build();
            }
            List<JsonNode> entries = new ArrayList<>();
            for (Item item : p.items()) {
                entries.add(entry(item));
            }
            return json(200, page("/v1/playlists/" + p.id() + "/items", entries, limit, offset,
                    q.containsKey("additional_types") ? "&additional_types=" + q.get("additional_types") : ""));
        }

        private ResponseDefinition audioFeatures(Map<String, String> q) {
            if (!legacyApp) {
                return error(403, "Forbidden").build();
            }
            ObjectNode body = JSON.createObjectNode();
            ArrayNode list = body.putArray("audio_features");
            for (String id : q.getOrDefault("ids", "").split(",")) {
                AudioFeatures f = audioFeatures.get(id);
                if (f == null) {
                    list.addNull();
                    continue;
                }
                ObjectNode o = list.addObject().put("id", id).put("type", "audio_features").put("uri", "spotify:track:" + id);
                for (Feature feature : Feature.values()) {
                    if (f.has(feature)) {
                        if (feature.integral() || feature == Feature.DURATION_MS) {
                            o.put(feature.key(), (long) f.get(feature));
                        } else {
                            o.put(feature.key(), f.get(feature));
                        }
                    }
                }
            }
            return json(200, body);
        }

        private ResponseDefinition createPlaylist(FakeSpotifyAccounts.Token t, Request r) {
            if (!t.isUser()) {
                return error(401, "This request requires user authentication.").build();
            }
            JsonNode body = read(r.getBodyAsString());
            boolean isPublic = body.path("public").asBoolean(true);
            if (!isPublic && !t.scope().contains("playlist-modify-private")) {
                return error(403, "Insufficient client scope").build();
            }
            String name = body.path("name").asText("");
            if (name.isBlank()) {
                return error(400, "Missing required field: name").build();
            }
            String id = base62(UUID.randomUUID().toString());
            playlists.put(id, new Playlist(id, name, t.user(), false, Set.of(), new ArrayList<>()));
            return json(201, playlist(playlists.get(id)).put("public", isPublic).put("description", body.path("description").asText("")));
        }

        private ResponseDefinition addItems(FakeSpotifyAccounts.Token t, Playlist p, Request r) {
            if (!t.isUser() || !p.owner().equals(t.user())) {
                return error(403, "Forbidden").build();
            }
            JsonNode uris = read(r.getBodyAsString()).path("uris");
            if (!uris.isArray() || uris.isEmpty()) {
                return error(400, "Missing uris").build();
            }
            if (uris.size() > 100) {
                return error(400, "Too many ids requested").build();
            }
            for (JsonNode u : uris) {
                String uri = u.asText();
                if (!uri.startsWith("spotify:track:")) {
                    return error(400, "Invalid track uri: " + uri).build();
                }
                p.items().add(Item.track(uri.substring("spotify:track:".length()), "", List.of(), "", 0));
            }
            return json(201, JSON.createObjectNode().put("snapshot_id", base62(UUID.randomUUID().toString())));
        }

        private ObjectNode page(String path, List<JsonNode> all, int limit, int offset, String extra) {
            ObjectNode page = JSON.createObjectNode();
            ArrayNode items = page.putArray("items");
            all.subList(Math.min(offset, all.size()), Math.min(all.size(), offset + limit)).forEach(items::add);
            String base = server.baseUrl() + path + "?";
            page.put("href", base + "offset=" + offset + "&limit=" + limit + extra).put("limit", limit).put("offset", offset).put("total", all.size());
            if (offset + limit < all.size()) {
                page.put("next", base + "offset=" + (offset + limit) + "&limit=" + limit + extra);
            } else {
                page.putNull("next");
            }
            if (offset > 0) {
                page.put("previous", base + "offset=" + Math.max(0, offset - limit) + "&limit=" + limit + extra);
            } else {
                page.putNull("previous");
            }
            return page;
        }

        private ObjectNode user(String id) {
            return JSON.createObjectNode().put("id", id).put("display_name", users.getOrDefault(id, id)).put("type", "user")
                    .put("uri", "spotify:user:" + id).put("href", server.baseUrl() + "/v1/users/" + id);
        }

        private ObjectNode simplified(Playlist p) {
            ObjectNode o = JSON.createObjectNode().put("id", p.id()).put("name", p.name()).put("type", "playlist")
                    .put("uri", "spotify:playlist:" + p.id()).put("collaborative", p.collaborative()).put("public", false)
                    .put("snapshot_id", "snap").put("description", "");
            o.set("owner", user(p.owner()));
            o.putObject("items").put("href", server.baseUrl() + "/v1/playlists/" + p.id() + "/items").put("total", p.items().size());
            o.putNull("tracks"); // renamed to items in February 2026
            return o;
        }

        private ObjectNode playlist(Playlist p) {
            return simplified(p);
        }

        private ObjectNode entry(Item item) {
            ObjectNode e = JSON.createObjectNode().put("added_at", "2026-03-01T12:00:00Z").put("is_local", item.kind().equals("local"));
            e.putObject("added_by").put("id", LISTENER).put("type", "user");
            if (item.kind().equals("unavailable")) {
                e.putNull("item");
                return e;
            }
            ObjectNode o = e.putObject("item");
            o.put("name", item.name()).put("duration_ms", item.durationMs()).put("explicit", false);
            if (item.kind().equals("episode")) {
                o.put("id", item.id()).put("type", "episode").put("uri", "spotify:episode:" + item.id());
                return e;
            }
            o.put("type", "track").put("is_local", item.kind().equals("local")).put("track_number", 1).put("disc_number", 1);
            if (item.kind().equals("local")) {
                o.putNull("id");
                o.put("uri", "spotify:local:Someone:Demos:" + encode(item.name()) + ":200");
            } else {
                o.put("id", item.id()).put("uri", "spotify:track:" + item.id()).put("href", server.baseUrl() + "/v1/tracks/" + item.id());
            }
            ArrayNode artists = o.putArray("artists");
            for (String a : item.artists()) {
                artists.addObject().put("name", a).put("type", "artist").put("id", base62(a)).put("uri", "spotify:artist:" + base62(a));
            }
            ObjectNode album = o.putObject("album").put("name", item.album()).put("type", "album").put("album_type", "album")
                    .put("id", base62(item.album())).put("uri", "spotify:album:" + base62(item.album()));
            album.putArray("artists");
            return e;
        }
    }

    /** A stable 22-character id in Spotify's alphabet. */
    static String base62(String seed) {
        String alphabet = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
        BigInteger n = new BigInteger(1, sha(seed));
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < 22; i++) {
            BigInteger[] qr = n.divideAndRemainder(BigInteger.valueOf(62));
            sb.append(alphabet.charAt(qr[1].intValue()));
            n = qr[0];
        }
        return sb.toString();
    }

    private static byte[] sha(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
