package dev.vibe.ingest;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vibe.common.api.IngestReadApi;
import dev.vibe.common.api.PlaylistDetail;
import dev.vibe.common.api.PlaylistSong;
import dev.vibe.common.api.PlaylistSource;
import dev.vibe.common.api.PlaylistSummary;
import dev.vibe.common.api.VibeView;
import dev.vibe.common.csv.SongCsv;
import dev.vibe.common.events.TrainingStatus;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.common.security.ApiKeyClientFilter;
import dev.vibe.stack.test.VibeStackTestResource;
import io.quarkus.rest.client.reactive.QuarkusRestClientBuilder;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.net.URL;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The read contract between ingest and the other services: this service's real read endpoints, read through the REST
 * client interface scoring uses ({@link IngestReadApi}, with the API-key filter scoring registers). Each answer must
 * read into the common records without losing anything: written back by this service's own JSON mapper it is the
 * same text, field for field and in order; and the fields scoring relies on carry what was imported.
 */
@Tag("stack")
@QuarkusTest
@QuarkusTestResource(VibeStackTestResource.class)
@QuarkusTestResource(OutsideServices.class)
class ReadContractTest {

    @TestHTTPResource("/")
    URL base;

    @Inject
    ObjectMapper mapper;

    @Inject
    ApiKeyClientFilter apiKey;

    private IngestReadApi client() {
        return QuarkusRestClientBuilder.newBuilder().baseUrl(base).register(apiKey).build(IngestReadApi.class);
    }

    /** What the endpoint answers, as text, and the record the client read written back by this service's mapper. */
    private void assertSameJson(String path, Object read) throws Exception {
        String served = given().get(path).then().statusCode(200).extract().asString();
        assertEquals(served, mapper.writeValueAsString(read), path + " reads into the common records and back unchanged");
    }

    @Test
    void playlistsReadThroughTheClientAreWhatWasImported() throws Exception {
        String csv = Csv.read("exportify/Country.csv");
        String id = Csv.importPlaylist("Contract Country", csv).statusCode(201).extract().jsonPath().getString("playlistId");
        Map<String, AudioFeatures> imported = new LinkedHashMap<>();
        SongCsv.read(new StringReader(csv)).songs().forEach(s -> imported.putIfAbsent(s.trackId(), s.features()));
        Map<String, SongCsv.Song> rows = new LinkedHashMap<>();
        SongCsv.read(new StringReader(csv)).songs().forEach(s -> rows.putIfAbsent(s.trackId(), s));
        IngestReadApi ingest = client();

        PlaylistDetail playlist = ingest.playlist(id);
        assertEquals(id, playlist.id());
        assertEquals("Contract Country", playlist.name());
        assertEquals(PlaylistSource.EXPORTIFY_CSV, playlist.source());
        assertEquals(1, playlist.revision());
        assertNotNull(playlist.importedAt());
        assertEquals(List.copyOf(imported.keySet()), playlist.songs().stream().map(PlaylistSong::id).toList(), "every song, in playlist order");
        for (PlaylistSong song : playlist.songs()) {
            SongCsv.Song row = rows.get(song.id());
            assertEquals(row.name(), song.name());
            assertEquals(row.artists(), song.artists());
            assertEquals(imported.get(song.id()), AudioFeatures.fromMap(song.features()), song.id());
            float[] raw = song.raw(); // the model's input, as scoring makes it
            double[] expected = imported.get(song.id()).toArray();
            assertEquals(FeatureSchema.SIZE, raw.length);
            for (int i = 0; i < raw.length; i++) {
                assertEquals((float) expected[i], raw[i], song.id() + " feature " + i);
            }
        }
        assertSameJson("/api/v1/playlists/" + id, playlist);

        List<PlaylistSummary> list = ingest.playlists();
        PlaylistSummary summary = list.stream().filter(p -> p.id().equals(id)).findFirst().orElseThrow();
        assertEquals("Contract Country", summary.name());
        assertEquals(imported.size(), summary.songs());
        assertEquals(PlaylistSource.EXPORTIFY_CSV, summary.source());
        assertEquals(playlist.importedAt(), summary.importedAt());
        assertSameJson("/api/v1/playlists", list);

        WebApplicationException unknown = assertThrows(WebApplicationException.class, () -> ingest.playlist("no-such-playlist"));
        assertEquals(404, unknown.getResponse().getStatus(), "scoring tells an unknown playlist by this 404");
    }

    @Test
    void vibesReadThroughTheClientCarryTheirStatus() throws Exception {
        Csv.importPlaylist("Contract Acoustic", Csv.read("exportify/Acoustic.csv")).statusCode(201);
        Csv.importPlaylist("Contract Bluey", Csv.read("exportify/Bluey.csv")).statusCode(201);
        String id = given().contentType("application/json").body(Map.of("playlistIds", List.of("contract-acoustic", "contract-bluey")))
                .post("/api/v1/vibes").then().statusCode(202).extract().jsonPath().getString("id");
        IngestReadApi ingest = client();

        VibeView vibe = ingest.vibe(id);
        assertEquals(id, vibe.id());
        assertEquals("Contract Acoustic / Contract Bluey", vibe.name());
        assertEquals(List.of("contract-acoustic", "contract-bluey"), vibe.playlistIds());
        assertEquals(TrainingStatus.State.PENDING, vibe.status());
        assertEquals(Map.of(), vibe.metrics());
        assertNotNull(vibe.requestId());
        assertNotNull(vibe.createdAt());
        assertSameJson("/api/v1/vibes/" + id, vibe);

        List<VibeView> vibes = ingest.vibes();
        assertTrue(vibes.stream().anyMatch(v -> v.id().equals(id) && v.status() == TrainingStatus.State.PENDING));
        assertFalse(vibes.stream().anyMatch(v -> v.id() == null || v.status() == null));
        assertSameJson("/api/v1/vibes", vibes);

        WebApplicationException unknown = assertThrows(WebApplicationException.class, () -> ingest.vibe("no-such-vibe"));
        assertEquals(404, unknown.getResponse().getStatus(), "scoring tells an unknown vibe by this 404");
    }
}
