package dev.vibe.scoring.rest;

import dev.vibe.common.csv.SongCsv;
import dev.vibe.common.schema.FeatureSchema;
import dev.vibe.scoring.service.RecommendService;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.StringReader;
import java.lang.annotation.Annotation;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Recommendations written as CSV: the rows, the extra columns, the headers it sets (plain JUnit). */
class RecommendationsCsvTest {

    static float[] features(float v) {
        float[] f = new float[FeatureSchema.SIZE];
        for (int i = 0; i < f.length; i++) {
            f[i] = v;
        }
        f[2] = 5; // key
        f[4] = 1; // mode
        f[3] = -7; // loudness
        f[10] = 120; // tempo
        f[11] = 200_000; // duration
        f[12] = 4; // time signature
        return f;
    }

    static final RecommendService.Recommendations TWO = new RecommendService.Recommendations("my vibe", 2, "catalogue:hits", 100, List.of(
            new RecommendService.PlaylistRecommendations("Bluey", "p0", 50, 0, true, List.of(
                    new RecommendService.Recommendation(1, "4uLU6hMCjMI75M1A2tKUQC", "spotify:track:4uLU6hMCjMI75M1A2tKUQC", "Song, \"one\"",
                            List.of("Ann", "Bob"), 0.91234f, 0.5f, features(0.5f), null))),
            new RecommendService.PlaylistRecommendations("Country", "p3", 40, 0, false, List.of(
                    new RecommendService.Recommendation(1, "7ouMYWpwJ422jRcDASZB7P", "spotify:track:7ouMYWpwJ422jRcDASZB7P", "Two", List.of("Cy"),
                            0.5f, -0.02f, features(0.25f), null)))));

    @Test
    void oneRowPerSongAndPlaylistWithTheVibeColumnsAndTheHeadersOfADownload() throws Exception {
        RecommendationsCsv writer = new RecommendationsCsv();
        MultivaluedMap<String, Object> headers = new MultivaluedHashMap<>();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        writer.writeTo(TWO, RecommendService.Recommendations.class, null, new Annotation[0], MediaType.valueOf("text/csv; charset=utf-8"), headers, out);
        String csv = out.toString(StandardCharsets.UTF_8);
        assertEquals(csv, RecommendationsCsv.text(TWO));
        assertEquals(List.of("attachment; filename=\"vibe my vibe picks for all playlists from catalogue_hits.csv\""), headers.get("Content-Disposition"));
        assertEquals(List.of(out.size()), headers.get("Content-Length"));
        List<String> lines = csv.lines().toList();
        assertEquals(3, lines.size());
        assertTrue(lines.get(0).startsWith("Track URI,") && lines.get(0).endsWith(",Vibe Playlist,Vibe Rank,Vibe Probability,Vibe Margin"), lines.get(0));
        assertTrue(lines.get(1).endsWith(",Bluey,1,0.9123,0.5000"), lines.get(1));
        assertTrue(lines.get(2).endsWith(",Country,1,0.5000,-0.0200"), lines.get(2));
        SongCsv.Result read = SongCsv.read(new StringReader(csv));
        assertTrue(read.ok(), String.valueOf(read.refusal()));
        assertEquals(List.of("4uLU6hMCjMI75M1A2tKUQC", "7ouMYWpwJ422jRcDASZB7P"), read.songs().stream().map(SongCsv.Song::trackId).toList());
        assertEquals("Song, \"one\"", read.songs().get(0).name());
        assertEquals(List.of("Ann", "Bob"), read.songs().get(0).artists());
    }

    @Test
    void theFileIsNamedAfterTheOnePlaylistInPlainCharacters() {
        RecommendService.Recommendations one = new RecommendService.Recommendations("vibe/ü", 1, "playlist:x", 3, List.of(TWO.playlists().get(1)));
        assertEquals("vibe vibe__ picks for Country from playlist_x.csv", RecommendationsCsv.fileName(one));
    }

    @Test
    void onlyRecommendationsAsCsvAreWritten() {
        RecommendationsCsv writer = new RecommendationsCsv();
        Annotation[] none = new Annotation[0];
        assertTrue(writer.isWriteable(RecommendService.Recommendations.class, null, none, MediaType.valueOf("text/csv;charset=utf-8")));
        assertFalse(writer.isWriteable(RecommendService.Recommendations.class, null, none, MediaType.APPLICATION_JSON_TYPE));
        assertFalse(writer.isWriteable(RecommendService.Recommendations.class, null, none, MediaType.WILDCARD_TYPE));
        assertFalse(writer.isWriteable(String.class, null, none, MediaType.valueOf("text/csv")));
    }
}
