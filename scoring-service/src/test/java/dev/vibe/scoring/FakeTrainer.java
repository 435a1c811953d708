package dev.vibe.scoring;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.vibe.common.json.EventJson;
import dev.vibe.common.model.ModelArtifact;
import dev.vibe.common.model.ModelSummary;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A local server answering like the trainer's model API ({@code GET /api/v1/models}, {@code .../{vibe}/artifact},
 * {@code .../{vibe}/versions/{v}/artifact}) with the {@link ModelArtifact} records tests put in, written as JSON the way
 * the trainer writes them. It can also be made unreachable, as a trainer that is down.
 */
public class FakeTrainer implements QuarkusTestResourceLifecycleManager {

    static WireMockServer server;
    static final Map<String, NavigableMap<Integer, ModelArtifact>> MODELS = new ConcurrentHashMap<>();
    static volatile boolean down;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1").extensions(new Api()));
        server.start();
        server.stubFor(any(anyUrl()).willReturn(aResponse().withTransformers(Api.NAME)));
        return Map.of("quarkus.rest-client.trainer.url", "http://127.0.0.1:" + server.port());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    static void put(ModelArtifact artifact) {
        MODELS.computeIfAbsent(artifact.vibeId(), v -> new ConcurrentSkipListMap<>()).put(artifact.version(), artifact);
    }

    /** How often the scoring service asked for an artifact (any vibe, any version). */
    static int artifactRequests() {
        return (int) server.getAllServeEvents().stream().filter(e -> e.getRequest().getUrl().contains("/artifact")).count();
    }

    private static final class Api implements ResponseDefinitionTransformerV2 {
        static final String NAME = "fake-trainer";

        @Override
        public ResponseDefinition transform(ServeEvent event) {
            if (down) {
                return aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER).build();
            }
            String path = event.getRequest().getUrl().replaceAll("\\?.*", "");
            String[] p = path.split("/");
            // /api/v1/models[/{vibe}[/versions/{v}]/artifact]
            if (path.equals("/api/v1/models")) {
                List<ModelSummary> latest = MODELS.values().stream().map(NavigableMap::lastEntry).map(Map.Entry::getValue)
                        .sorted(Comparator.comparing(ModelArtifact::createdAt).reversed())
                        .map(a -> new ModelSummary(a.vibeId(), a.version(), a.requestId(), a.checksumSha256(), a.playlists(), a.createdAt()))
                        .toList();
                return json(200, latest);
            }
            if (p.length == 6 && p[5].equals("artifact")) {
                NavigableMap<Integer, ModelArtifact> versions = MODELS.get(p[4]);
                return versions == null ? problem(404) : json(200, versions.lastEntry().getValue());
            }
            if (p.length == 8 && p[5].equals("versions") && p[7].equals("artifact")) {
                NavigableMap<Integer, ModelArtifact> versions = MODELS.get(p[4]);
                ModelArtifact a = versions == null ? null : versions.get(Integer.parseInt(p[6]));
                return a == null ? problem(404) : json(200, a);
            }
            return problem(404);
        }

        private static ResponseDefinition json(int status, Object body) {
            return aResponse().withStatus(status).withHeader("Content-Type", "application/json")
                    .withBody(new String(EventJson.write(body), StandardCharsets.UTF_8)).build();
        }

        private static ResponseDefinition problem(int status) {
            return aResponse().withStatus(status).withHeader("Content-Type", "application/problem+json")
                    .withBody("{\"status\":" + status + ",\"title\":\"Not found\",\"detail\":\"no such model\"}").build();
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
}
