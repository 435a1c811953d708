package dev.vibe.ingest.service;

import dev.vibe.common.csv.SongCsv;
import dev.vibe.common.events.CataloguePart;
import dev.vibe.common.events.Topics;
import dev.vibe.common.json.EventJson;
import dev.vibe.common.problem.VibeException;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.common.schema.Feature;
import dev.vibe.ingest.config.ImportConfig;
import dev.vibe.outbox.Outbox;
import io.agroal.api.AgroalDataSource;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * A feature catalogue: any CSV with a track id column and the feature columns (e.g. a public Spotify dataset),
 * used to fill in features for playlist songs whose source has none (Spotify's 403, unavailable tracks).
 */
@ApplicationScoped
public class CatalogueService {

    private static final int BATCH = 1000;

    private final AgroalDataSource dataSource;
    private final EntityManager em;
    private final Outbox outbox;
    private final ImportConfig limits;

    public CatalogueService(AgroalDataSource dataSource, EntityManager em, Outbox outbox, ImportConfig limits) {
        this.dataSource = dataSource;
        this.em = em;
        this.outbox = outbox;
        this.limits = limits;
    }

    /**
     * What loading a catalogue did.
     *
     * @param loaded       distinct tracks loaded (a track on several rows is loaded once, its last row winning)
     * @param skipped      rows left out; {@code skippedRows} lists the first 500
     */
    public record LoadReport(String catalogue, int rows, int loaded, int skipped, List<SongCsv.Skipped> skippedRows) {
    }

    /**
     * Loads a catalogue CSV sent as {@code body} under {@code name} ("catalogue" when none is given). The body is read
     * and parsed before the transaction of {@link #load(String, SongCsv.Result)} begins (it is called on this bean,
     * whose interceptors Quarkus applies to such calls too).
     *
     * @throws VibeException.InvalidInput if it is empty, not UTF-8 or not a CSV with track ids and features
     * @throws VibeException.TooLarge     if it is larger than {@code vibe.import.max-catalogue-bytes}
     */
    public LoadReport load(String name, InputStream body) {
        SongCsv.Result parsed = CsvUpload.read(body, limits.maxCatalogueBytes(), "catalogue CSV", "catalogue", "loaded");
        return load(name == null || name.isBlank() ? "catalogue" : name.strip(), parsed);
    }

    /**
     * Loads (inserts or replaces by track id) every row with a track id and complete features, in one transaction that
     * also appends the catalogue's songs to the outbox ({@link CataloguePart}s of 500 songs on {@link Topics#CATALOGUE}):
     * the scoring service recommends from them without reading this table.
     */
    @Transactional
    public LoadReport load(String catalogue, SongCsv.Result csv) {
        Map<String, SongCsv.Song> byId = new LinkedHashMap<>();
        Map<String, AudioFeatures> features = new HashMap<>();
        List<SongCsv.Skipped> skipped = new ArrayList<>(csv.skipped());
        for (SongCsv.Song s : csv.songs()) {
            var complete = s.completeFeatures();
            if (s.derivedId()) {
                skipped.add(new SongCsv.Skipped(s.line(), null, "", s.name(), "no track id: a catalogue is looked up by Spotify track id"));
            } else if (complete.isEmpty()) {
                skipped.add(new SongCsv.Skipped(s.line(), null, s.trackId(), s.name(), "missing features: "
                        + s.values().missingRequired().stream().map(Feature::key).collect(Collectors.joining(", "))));
            } else {
                byId.put(s.trackId(), s); // the same track on several rows (several playlists): last row wins
                features.put(s.trackId(), complete.get());
            }
        }
        if (byId.isEmpty()) {
            throw new VibeException.InvalidInput("The catalogue has no row with a track id and complete audio features; nothing was loaded.");
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
                st.setString(5, new String(EventJson.write(features.get(s.trackId())), StandardCharsets.UTF_8));
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
        publish(catalogue, byId, features);
        skipped.sort(Comparator.comparingInt(SongCsv.Skipped::line));
        return new LoadReport(catalogue, csv.rows(), byId.size(), skipped.size(), List.copyOf(skipped.subList(0, Math.min(500, skipped.size()))));
    }

    private void publish(String catalogue, Map<String, SongCsv.Song> byId, Map<String, AudioFeatures> features) {
        List<CataloguePart.Song> songs = new ArrayList<>(byId.size());
        byId.values().forEach(s -> songs.add(new CataloguePart.Song(s.trackId(), s.name(), s.artists(), features.get(s.trackId()))));
        int parts = (songs.size() + CataloguePart.SONGS_PER_PART - 1) / CataloguePart.SONGS_PER_PART;
        Instant loadedAt = Instant.now();
        for (int p = 0; p < parts; p++) {
            List<CataloguePart.Song> slice = songs.subList(p * CataloguePart.SONGS_PER_PART, Math.min(songs.size(), (p + 1) * CataloguePart.SONGS_PER_PART));
            CataloguePart part = new CataloguePart(catalogue, loadedAt, p, parts, slice);
            outbox.append(Topics.CATALOGUE, part.key(), part);
        }
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
