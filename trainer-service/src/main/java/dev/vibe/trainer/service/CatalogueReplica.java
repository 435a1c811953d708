package dev.vibe.trainer.service;

import dev.vibe.common.events.CataloguePart;
import dev.vibe.common.json.EventJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.List;

/**
 * Keeps the trainer's copy of the songs of each loaded catalogue, of its newest load only: a part of a newer load
 * replaces the catalogue's older songs, a part of an older load (a late redelivery) changes nothing, and a part
 * delivered again writes the same rows again.
 */
@ApplicationScoped
public class CatalogueReplica {

    private final EntityManager em;
    private final Counter applied;
    private final Counter ignored;

    public CatalogueReplica(EntityManager em, MeterRegistry registry) {
        this.em = em;
        this.applied = registry.counter("vibe.catalogue.parts.received", "outcome", "applied");
        this.ignored = registry.counter("vibe.catalogue.parts.received", "outcome", "older-load");
    }

    /** @return false for a part of a load older than the one kept */
    @Transactional
    public boolean apply(CataloguePart part) {
        Instant at = part.loadedAt().truncatedTo(ChronoUnit.MICROS); // as PostgreSQL keeps it
        Timestamp loadedAt = Timestamp.from(at);
        em.createNativeQuery("insert into catalogue_load (catalogue, loaded_at) values (?1, ?2) on conflict (catalogue) do nothing")
                .setParameter(1, part.catalogue()).setParameter(2, loadedAt).executeUpdate();
        // one load of a catalogue at a time, also across trainer instances
        Instant kept = instant(em.createNativeQuery("select loaded_at from catalogue_load where catalogue = ?1 for update")
                .setParameter(1, part.catalogue()).getSingleResult());
        if (at.isBefore(kept)) {
            ignored.increment();
            return false;
        }
        if (at.isAfter(kept)) {
            em.createNativeQuery("update catalogue_load set loaded_at = ?2 where catalogue = ?1")
                    .setParameter(1, part.catalogue()).setParameter(2, loadedAt).executeUpdate();
            em.createNativeQuery("delete from catalogue_song where catalogue = ?1 and loaded_at < ?2")
                    .setParameter(1, part.catalogue()).setParameter(2, loadedAt).executeUpdate();
        }
        for (CataloguePart.Song s : part.songs()) {
            em.createNativeQuery("""
                    insert into catalogue_song (catalogue, track_id, loaded_at, name, features) values (?1, ?2, ?3, ?4, cast(?5 as jsonb))
                    on conflict (catalogue, track_id) do update set loaded_at = excluded.loaded_at, name = excluded.name, features = excluded.features
                    """)
                    .setParameter(1, part.catalogue()).setParameter(2, s.trackId()).setParameter(3, loadedAt)
                    .setParameter(4, s.name() == null ? "" : s.name())
                    .setParameter(5, new String(EventJson.write(s.features()), StandardCharsets.UTF_8))
                    .executeUpdate();
        }
        applied.increment();
        return true;
    }

    private static Instant instant(Object column) {
        if (column instanceof Instant i) {
            return i;
        }
        if (column instanceof OffsetDateTime o) {
            return o.toInstant();
        }
        if (column instanceof Timestamp t) {
            return t.toInstant();
        }
        throw new IllegalStateException("unexpected timestamp type " + column.getClass());
    }

    /** How many songs each catalogue has here. */
    @Transactional
    public long songs(String catalogue) {
        return ((Number) em.createNativeQuery("select count(*) from catalogue_song where catalogue = ?1").setParameter(1, catalogue)
                .getSingleResult()).longValue();
    }

    /** The catalogues kept, by name. */
    @Transactional
    @SuppressWarnings("unchecked")
    public List<String> catalogues() {
        return em.createNativeQuery("select catalogue from catalogue_load order by catalogue").getResultList();
    }
}
