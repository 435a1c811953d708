package dev.vibe.common.api;

import dev.vibe.common.events.TrainingStatus;
import dev.vibe.common.json.EventJson;
import dev.vibe.common.schema.Feature;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The read contract's JSON, field by field and in order, as ingest answers it (nulls written, times as ISO-8601). */
class ReadContractJsonTest {

    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.123456Z");

    private static String json(Object o) {
        return new String(EventJson.write(o), StandardCharsets.UTF_8);
    }

    @Test
    void playlistShapes() {
        Map<String, Double> features = new LinkedHashMap<>();
        features.put("danceability", 0.5);
        features.put("tempo", 120.25);
        PlaylistSong song = new PlaylistSong("t1", "Song", List.of("A", "B"), null, features, "EXPORTIFY_CSV", 3);
        assertEquals("{\"id\":\"t1\",\"name\":\"Song\",\"artists\":[\"A\",\"B\"],\"album\":null,"
                + "\"features\":{\"danceability\":0.5,\"tempo\":120.25},\"source\":\"EXPORTIFY_CSV\",\"version\":3}", json(song));
        assertEquals("{\"id\":\"p\",\"name\":\"P\",\"source\":\"SPOTIFY_API\",\"revision\":2,\"importedAt\":\"2026-01-02T03:04:05.123456Z\","
                + "\"songs\":[" + json(song) + "]}", json(new PlaylistDetail("p", "P", PlaylistSource.SPOTIFY_API, 2, AT, List.of(song))));
        assertEquals("{\"id\":\"p\",\"name\":null,\"source\":\"EXPORTIFY_CSV\",\"songs\":31,\"revision\":1,\"importedAt\":null}",
                json(new PlaylistSummary("p", null, PlaylistSource.EXPORTIFY_CSV, 31, 1, null)));
    }

    @Test
    void vibeShape() {
        assertEquals("{\"id\":\"v\",\"name\":\"A / B\",\"playlistIds\":[\"a\",\"b\"],\"status\":\"READY\",\"message\":null,"
                        + "\"modelVersion\":4,\"metrics\":{\"accuracy\":0.75},\"requestId\":\"r\",\"createdAt\":\"2026-01-02T03:04:05.123456Z\",\"updatedAt\":null}",
                json(new VibeView("v", "A / B", List.of("a", "b"), TrainingStatus.State.READY, null, 4, Map.of("accuracy", 0.75), "r", AT, null)));
    }

    @Test
    void aSongReadWithoutArtistsHasNoneAndItsMissingFeaturesAreNaN() {
        PlaylistSong song = EventJson.read("{\"id\":\"t\",\"features\":{\"danceability\":0.5}}".getBytes(StandardCharsets.UTF_8), PlaylistSong.class);
        assertEquals(List.of(), song.artists());
        float[] raw = song.raw();
        assertEquals(0.5f, raw[Feature.DANCEABILITY.index()]);
        int missing = 0;
        for (float v : raw) {
            missing += Float.isNaN(v) ? 1 : 0;
        }
        assertEquals(raw.length - 1, missing);
        assertTrue(raw.length > 1);
        assertArrayEquals(raw, EventJson.read(EventJson.write(song), PlaylistSong.class).raw());
    }
}
