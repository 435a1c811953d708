package dev.vibe.scoring.rest;

import dev.vibe.common.csv.SongCsvWriter;
import dev.vibe.scoring.service.RecommendService;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.ext.MessageBodyWriter;
import jakarta.ws.rs.ext.Provider;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.annotation.Annotation;
import java.lang.reflect.Type;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;

/**
 * Recommendations as a CSV download ({@value #CSV}): one row per recommended song and playlist, best first within each
 * playlist, with Track URI, names and features (what playlist tools and Vibe's own import read back), named by a
 * {@code Content-Disposition} attachment.
 */
@Provider
@Produces(RecommendationsCsv.CSV)
public class RecommendationsCsv implements MessageBodyWriter<RecommendService.Recommendations> {

    public static final String CSV = "text/csv";
    static final MediaType CSV_TYPE = MediaType.valueOf(CSV);

    @Override
    public boolean isWriteable(Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType) {
        return RecommendService.Recommendations.class.isAssignableFrom(type) && mediaType.isCompatible(CSV_TYPE) && !mediaType.isWildcardType();
    }

    @Override
    public void writeTo(RecommendService.Recommendations r, Class<?> type, Type genericType, Annotation[] annotations, MediaType mediaType,
                        MultivaluedMap<String, Object> headers, OutputStream out) throws IOException {
        byte[] bytes = text(r).getBytes(StandardCharsets.UTF_8);
        headers.putSingle("Content-Disposition", "attachment; filename=\"" + fileName(r) + "\"");
        headers.putSingle("Content-Length", bytes.length);
        out.write(bytes);
    }

    /** The CSV text. */
    static String text(RecommendService.Recommendations r) {
        SongCsvWriter w = new SongCsvWriter(List.of("Vibe Playlist", "Vibe Rank", "Vibe Probability", "Vibe Margin"));
        for (RecommendService.PlaylistRecommendations p : r.playlists()) {
            for (RecommendService.Recommendation s : p.songs()) {
                w.add(new SongCsvWriter.Row(s.uri(), s.name(), s.artists(), s.features(), List.of(p.playlist(), Integer.toString(s.rank()),
                        String.format(Locale.ROOT, "%.4f", s.probability()), String.format(Locale.ROOT, "%.4f", s.margin()))));
            }
        }
        return w.text();
    }

    /** The download's name: the vibe, the playlist (or all) and the pool, in plain characters. */
    static String fileName(RecommendService.Recommendations r) {
        String playlists = r.playlists().size() == 1 ? r.playlists().get(0).playlist() : "all playlists";
        return ("vibe " + r.vibe() + " picks for " + playlists + " from " + r.pool()).replaceAll("[^A-Za-z0-9 _.-]", "_") + ".csv";
    }
}
