package dev.vibe.scoring;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/** A local HTTP server answering like the ingest service's read API (vibe states, stored playlists). */
public class FakeIngest implements QuarkusTestResourceLifecycleManager {

    static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        server.stubFor(get(urlPathEqualTo("/api/v1/vibes/training-vibe")).willReturn(json(200,
                "{\"id\":\"training-vibe\",\"status\":\"TRAINING\",\"message\":\"epoch 12 of at most 300\"}")));
        server.stubFor(get(urlPathEqualTo("/api/v1/vibes/failed-vibe")).willReturn(json(200,
                "{\"id\":\"failed-vibe\",\"status\":\"FAILED\",\"message\":\"playlist 'x' has 1 songs\"}")));
        return Map.of("quarkus.rest-client.ingest.url", "http://127.0.0.1:" + server.port());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }
}
