package dev.vibe.ingest;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.vibe.common.csv.SongCsv;
import dev.vibe.common.schema.Feature;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Base64;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A local HTTP server that answers like Spotify's accounts service and Web API (JSON shapes of the real API), for
 * driving the real spotify-web-api-java client. Tests add the playlists and behaviours they need.
 */
public class FakeSpotify implements QuarkusTestResourceLifecycleManager {

    static final String CLIENT_ID = "fake-client-id";
    static final String CLIENT_SECRET = "fake-client-secret-never-shown";
    static final JsonNodeFactory JSON = JsonNodeFactory.instance;
    static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        String basic = "Basic " + Base64.getEncoder().encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes());
        server.stubFor(post(urlPathEqualTo("/api/token")).atPriority(1).withHeader("Authorization", equalTo(basic))
                .willReturn(json(200, JSON.objectNode().put("access_token", "fake-token").put("token_type", "Bearer").put("expires_in", 3600))));
        server.stubFor(post(urlPathEqualTo("/api/token")).atPriority(5)
                .willReturn(json(400, JSON.objectNode().put("error", "invalid_client").put("error_description", "Invalid client"))));
        String base = "http://127.0.0.1:" + server.port();
        return Map.of("vibe.spotify.api-url", base, "vibe.spotify.accounts-url", base,
                "vibe.spotify.client-id", CLIENT_ID, "vibe.spotify.client-secret", CLIENT_SECRET,
                "vibe.spotify.max-retry-after-seconds", "5");
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, Object body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body.toString());
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder error(int status, String message) {
        ObjectNode e = JSON.objectNode();
        e.putObject("error").put("status", status).put("message", message);
        return json(status, e);
    }

    /** Serves a playlist: its name and its items in pages of 100, as /v1/playlists/{id} and /v1/playlists/{id}/tracks do. */
    static void playlist(String id, String name, List<ObjectNode> items) {
        server.stubFor(get(urlPathEqualTo("/v1/playlists/" + id)).willReturn(json(200, JSON.objectNode().put("name", name).put("id", id))));
        for (int offset = 0; offset < Math.max(1, items.size()); offset += 100) {
            ObjectNode page = JSON.objectNode();
            ArrayNode arr = page.putArray("items");
            items.subList(offset, Math.min(items.size(), offset + 100)).forEach(arr::add);
            page.put("limit", 100).put("offset", offset).put("total", items.size());
            String next = offset + 100 < items.size()
                    ? "http://127.0.0.1:" + server.port() + "/v1/playlists/" + id + "/tracks?offset=" + (offset + 100) + "&limit=100" : null;
            page.put("next", next);
            server.stubFor(get(urlPathMatching("/v1/playlists/" + id + "/(tracks|items)"))
                    .withQueryParam("offset", equalTo(Integer.toString(offset)))
                    .willReturn(json(200, page)));
        }
    }

    static ObjectNode trackItem(String id, SongCsv.Song song) {
        ObjectNode item = JSON.objectNode().put("added_at", "2024-05-01T10:00:00Z").put("is_local", false);
        ObjectNode t = item.putObject("track").put("id", id).put("name", song.name()).put("type", "track")
                .put("uri", "spotify:track:" + id).put("duration_ms", (long) song.features().get(Feature.DURATION_MS));
        ArrayNode artists = t.putArray("artists");
        song.artists().forEach(a -> artists.addObject().put("name", a).put("type", "artist"));
        t.putObject("album").put("name", song.album()).put("type", "album");
        return item;
    }

    static ObjectNode localItem(String name) {
        ObjectNode item = JSON.objectNode().put("added_at", "2024-05-01T10:00:00Z").put("is_local", true);
        item.putObject("track").putNull("id").put("name", name).put("type", "track").put("uri", "spotify:local:Someone:Album:" + name + ":200");
        return item;
    }

    static ObjectNode episodeItem(String id) {
        ObjectNode item = JSON.objectNode().put("added_at", "2024-05-01T10:00:00Z").put("is_local", false);
        item.putObject("track").put("id", id).put("name", "A podcast episode").put("type", "episode").put("uri", "spotify:episode:" + id);
        return item;
    }

    static ObjectNode unavailableItem() {
        ObjectNode item = JSON.objectNode().put("added_at", "2024-05-01T10:00:00Z").put("is_local", false);
        item.putNull("track");
        return item;
    }

    /** The body of /v1/audio-features for these songs, as Spotify writes it. */
    static ObjectNode audioFeatures(List<String> ids, List<SongCsv.Song> songs) {
        ObjectNode body = JSON.objectNode();
        ArrayNode arr = body.putArray("audio_features");
        for (int i = 0; i < ids.size(); i++) {
            var f = songs.get(i).features();
            ObjectNode o = arr.addObject();
            for (Feature feature : Feature.values()) {
                if (f.has(feature)) {
                    double v = f.get(feature);
                    if (feature.integral() || feature == Feature.DURATION_MS) {
                        o.put(feature.key(), (long) v);
                    } else {
                        o.put(feature.key(), v);
                    }
                }
            }
            o.put("id", ids.get(i)).put("type", "audio_features").put("uri", "spotify:track:" + ids.get(i));
        }
        return body;
    }
}
