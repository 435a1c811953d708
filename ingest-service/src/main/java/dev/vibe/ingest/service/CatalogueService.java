package dev.vibe.ingest.service;

import dev.vibe.common.csv.SongCsv;
import dev.vibe.common.json.EventJson;
import dev.vibe.common.problem.ApiException;
import dev.vibe.common.problem.Problem;
import dev.vibe.common.schema.AudioFeatures;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A feature catalogue: any CSV with a track id column and the feature columns (e.g. a public Spotify dataset),
 * used to fill in features for playlist songs whose source has none (Spotify's 403, unavailable tracks).
 */
@ApplicationScoped
public class CatalogueService {

    private static final int BATCH = 1000;

    private final AgroalDataSource dataSource;
    private final EntityManager em;

    public CatalogueService(AgroalDataSource dataSource, EntityManager em) {
        this.dataSource = dataSource;
        this.em = em;
    }

    /** What loading a catalogue did. */
    public record LoadReport(String catalogue, int rows, int loaded, int distinctTracks, int withoutFeatures, int skipped) {
    }

    /**
     * Loads (inserts or replaces by track id) every row with features, in one transaction: a rejected file
     * changes nothing.
     */
    @Transactional
    public LoadReport load(String catalogue, SongCsv.Result csv) {
        if (!csv.ok()) {
            throw ApiException.badRequest("The catalogue CSV has problems; fix the rows listed in errors and load it again.",
                    csv.problems().stream().map(p -> new Problem.FieldError(p.field() == null ? "line " + p.line() : "line " + p.line() + " " + p.field(), p.message())).toList());
        }
        Map<String, SongCsv.Song> byId = new LinkedHashMap<>();
        int withoutFeatures = 0;
        for (SongCsv.Song s : csv.songs()) {
            if (s.hasFeatures()) {
                byId.put(s.trackId(), s); // the same track on several rows (several playlists): last row wins
            } else {
                withoutFeatures++;
            }
        }
        if (byId.isEmpty()) {
            throw ApiException.badRequest("The catalogue has no row with audio features; nothing was loaded.");
        }
        String sql = """
                insert into catalogue_track (track_id, name, artists, album, features, catalogue, loaded_at)
                values (?, ?, ?, ?, cast(? as jsonb), ?, now())
                on conflict (track_id) do update set name = excluded.name, artists = excluded.artists, album = excluded.album,
                    features = excluded.features, catalogue = excluded.catalogue, loaded_at = excluded.loaded_at
                """;
        try (Connection c = dataSource.getConnection(); PreparedStatement st = c.prepareStatement(sql)) {
            int n = 0;
            for (SongCsv.Song s : byId.values()) {
                st.setString(1, s.trackId());
                st.setString(2, s.name());
                st.setString(3, String.join("; ", s.artists()));
                st.setString(4, s.album());
                st.setString(5, new String(EventJson.write(s.features()), StandardCharsets.UTF_8));
                st.setString(6, catalogue);
                st.addBatch();
                if (++n % BATCH == 0) {
                    st.executeBatch();
                }
            }
            st.executeBatch();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot store the catalogue: " + e.getMessage(), e);
        }
        return new LoadReport(catalogue, csv.rows(), byId.size(), byId.size(), withoutFeatures, csv.skipped().size());
    }

    /** Catalogue features of the given tracks (those it has). */
    @Transactional
    @SuppressWarnings("unchecked")
    public Map<String, CatalogueEntry> lookup(List<String> trackIds) {
        Map<String, CatalogueEntry> found = new HashMap<>();
        if (trackIds.isEmpty()) {
            return found;
        }
        List<Object[]> rows = em.createNativeQuery("select track_id, name, artists, album, cast(features as text) from catalogue_track where track_id in (:ids)")
                .setParameter("ids", trackIds).getResultList();
        for (Object[] r : rows) {
            Map<String, Double> features = EventJson.read(((String) r[4]).getBytes(StandardCharsets.UTF_8), FeatureMap.class);
            found.put((String) r[0], new CatalogueEntry((String) r[1], (String) r[2], (String) r[3], AudioFeatures.fromMap(features)));
        }
        return found;
    }

    @Transactional
    public long size() {
        return ((Number) em.createNativeQuery("select count(*) from catalogue_track").getSingleResult()).longValue();
    }

    /** A catalogue row. */
    public record CatalogueEntry(String name, String artists, String album, AudioFeatures features) {
    }

    /** Type token for reading a feature map. */
    static class FeatureMap extends HashMap<String, Double> {
    }
}
