package dev.vibe.scoring;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.vibe.common.api.PlaylistDetail;
import dev.vibe.common.api.PlaylistSong;
import dev.vibe.common.api.PlaylistSource;
import dev.vibe.common.api.PlaylistSummary;
import dev.vibe.common.api.VibeView;
import dev.vibe.common.events.FeatureSource;
import dev.vibe.common.events.TrainingStatus;
import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

/**
 * A local HTTP server answering like the ingest service's read API (vibe states, stored playlists). Its answers are
 * the read contract's records ({@code dev.vibe.common.api}) written as JSON, so they have ingest's shapes.
 */
public class FakeIngest implements QuarkusTestResourceLifecycleManager {

    static final Instant IMPORTED = Instant.parse("2026-01-02T03:04:05Z");

    static WireMockServer server;

    @Override
    public Map<String, String> start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        server.stubFor(get(urlPathEqualTo("/api/v1/vibes/training-vibe")).willReturn(ok(
                vibe("training-vibe", TrainingStatus.State.TRAINING, "epoch 12 of at most 300"))));
        server.stubFor(get(urlPathEqualTo("/api/v1/vibes/failed-vibe")).willReturn(ok(
                vibe("failed-vibe", TrainingStatus.State.FAILED, "playlist 'x' has 1 songs"))));
        return Map.of("quarkus.rest-client.ingest.url", "http://127.0.0.1:" + server.port());
    }

    @Override
    public void stop() {
        if (server != null) {
            server.stop();
        }
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    /** 200 with {@code answer} (a read-contract record or a list of them) as ingest writes it. */
    static ResponseDefinitionBuilder ok(Object answer) {
        return json(200, Models.json(answer));
    }

    /** A vibe in {@code status}, as ingest shows it. */
    static VibeView vibe(String id, TrainingStatus.State status, String message) {
        return new VibeView(id, null, List.of("a", "b"), status, message, null, Map.of(), "request-" + id, IMPORTED, IMPORTED);
    }

    /** A song of a stored playlist, its features from an Exportify export. */
    static PlaylistSong song(String id, String name, List<String> artists, Map<String, Double> features) {
        return new PlaylistSong(id, name, artists, null, features, FeatureSource.EXPORTIFY_CSV.name(), 1);
    }

    /** A playlist stored by ingest with {@code songs}. */
    static PlaylistDetail playlist(String id, String name, List<PlaylistSong> songs) {
        return new PlaylistDetail(id, name, PlaylistSource.EXPORTIFY_CSV, 1, IMPORTED, songs);
    }

    /** {@code playlist} as ingest's list shows it. */
    static PlaylistSummary summary(PlaylistDetail playlist) {
        return new PlaylistSummary(playlist.id(), playlist.name(), playlist.source(), playlist.songs().size(), playlist.revision(), playlist.importedAt());
    }
}
