package dev.vibe.trainer.service;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.vibe.common.json.EventJson;
import dev.vibe.common.schema.AudioFeatures;
import dev.vibe.ml.data.BackgroundSongs;
import dev.vibe.ml.data.LabeledSongs;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The background songs of a vibe, from what the trainer keeps itself (its replicas of the stored songs and of the
 * loaded catalogues, fed by events), never from ingest's tables: see {@link BackgroundSongs} for which are taken.
 * Each source is read in the order {@link BackgroundSongs} takes them (a hash of the track id), only as far as needed.
 */
@ApplicationScoped
public class BackgroundSource {

    /** The SQL of {@code BackgroundSongs.order}: the same hash, so the first rows here are the first ones there. */
    private static final String ORDER = "encode(sha256(convert_to('vibe-background:' || track_id, 'UTF8')), 'hex'), track_id";

    private final EntityManager em;

    public BackgroundSource(EntityManager em) {
        this.em = em;
    }

    @Transactional
    public BackgroundSongs.Chosen backgroundFor(LabeledSongs playlists) {
        int wanted = BackgroundSongs.sizeFor(playlists.size());
        // a song of the playlists is skipped there: read that many more
        int stored = (int) Math.round(wanted * BackgroundSongs.STORED_SHARE) + playlists.size();
        List<LabeledSongs.Listed> mine = read("select track_id, name, cast(features as text) from track_features order by " + ORDER, stored);
        List<LabeledSongs.Listed> catalogue = read("select track_id, name, cast(features as text) from catalogue_song order by " + ORDER,
                wanted + playlists.size() + mine.size());
        return BackgroundSongs.choose(playlists, mine, catalogue, wanted);
    }

    @SuppressWarnings("unchecked")
    private List<LabeledSongs.Listed> read(String sql, int limit) {
        List<Object[]> rows = em.createNativeQuery(sql + " limit " + limit).getResultList();
        List<LabeledSongs.Listed> out = new ArrayList<>(rows.size());
        for (Object[] r : rows) {
            Map<String, Double> features;
            try {
                features = EventJson.MAPPER.readValue((String) r[2], FEATURE_MAP);
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("unreadable features of " + r[0] + " in the trainer's replica", e);
            }
            out.add(new LabeledSongs.Listed((String) r[0], (String) r[1], AudioFeatures.fromMap(features).toArray()));
        }
        return out;
    }

    private static final TypeReference<Map<String, Double>> FEATURE_MAP = new TypeReference<>() {
    };
}
