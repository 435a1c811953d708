package dev.vibe.trainer.service;

import dev.vibe.common.events.FeatureRecord;
import dev.vibe.common.json.EventJson;
import dev.vibe.trainer.domain.TrackFeatures;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Keeps the trainer's copy of every track's features at its newest version. */
@ApplicationScoped
public class FeatureReplica {

    private final EntityManager em;
    private final Counter applied;
    private final Counter ignored;

    public FeatureReplica(EntityManager em, MeterRegistry registry) {
        this.em = em;
        this.applied = registry.counter("vibe.features.received", "outcome", "applied");
        this.ignored = registry.counter("vibe.features.received", "outcome", "duplicate-or-older");
    }

    /**
     * Stores the record unless a same or newer version is already there (a redelivery or a reordering).
     *
     * @return true if the record changed the replica
     */
    @Transactional
    public boolean apply(FeatureRecord r) {
        int changed = em.createNativeQuery("""
                insert into track_features (track_id, version, name, artists, features, source, received_at)
                values (?1, ?2, ?3, ?4, cast(?5 as jsonb), ?6, now())
                on conflict (track_id) do update
                   set version = excluded.version, name = excluded.name, artists = excluded.artists,
                       features = excluded.features, source = excluded.source, received_at = excluded.received_at
                 where track_features.version < excluded.version
                """)
                .setParameter(1, r.trackId())
                .setParameter(2, r.version())
                .setParameter(3, r.name() == null ? "" : r.name())
                .setParameter(4, String.join("; ", r.artists()))
                .setParameter(5, new String(EventJson.write(r.features()), StandardCharsets.UTF_8))
                .setParameter(6, r.source().name())
                .executeUpdate();
        (changed == 1 ? applied : ignored).increment();
        return changed == 1;
    }

    @Transactional
    public Optional<TrackFeatures> find(String trackId) {
        return TrackFeatures.findByIdOptional(trackId);
    }

    /** The features the replica has of these tracks, by track id (tracks it has not received yet are left out). */
    @Transactional
    public Map<String, TrackFeatures> findAll(List<String> ids) {
        Map<String, TrackFeatures> out = new HashMap<>();
        for (int i = 0; i < ids.size(); i += 1000) {
            List<TrackFeatures> batch = TrackFeatures.list("trackId in ?1", ids.subList(i, Math.min(ids.size(), i + 1000)));
            batch.forEach(t -> out.put(t.trackId, t));
        }
        return out;
    }
}
